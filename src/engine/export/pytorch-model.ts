/** model.py of an exported PyTorch project: the spec's dense layers, activations and initialisation as an nn.Module. */
import { pythonConstants } from './python-literal';

export interface ExportedNetwork {
  name: string;
  inputUnits: number;
  /** Weighted layers 1..L: units and activation. */
  layers: { units: number; activation: string }[];
  init: 'xavier' | 'he';
  loss: string;
}

const BODY = String.raw`
import json
import math

import torch
from torch import nn

FORMAT = "backprop-lens/model@1"


def activate(name, z):
    """a = sigma(z) for the engine's activations."""
    if name == "sigmoid":
        return torch.sigmoid(z)
    if name == "tanh":
        return torch.tanh(z)
    if name == "relu":
        return torch.relu(z)
    if name == "leaky_relu":
        return nn.functional.leaky_relu(z, 0.01)
    if name == "softmax":
        return torch.softmax(z, dim=1)
    return z  # linear


class Network(nn.Module):
    """z^l = W^l a^(l-1) + b^l, a^l = sigma(z^l); samples are rows, so nn.Linear computes a W^T + b."""

    def __init__(self, dtype=torch.float64):
        super().__init__()
        sizes = [INPUT_UNITS] + [units for units, _ in LAYERS]
        self.linears = nn.ModuleList(nn.Linear(sizes[i], sizes[i + 1], dtype=dtype) for i in range(len(LAYERS)))
        self.activations = [activation for _, activation in LAYERS]

    def logits(self, x):
        """z^L, the output layer's weighted input (the losses use it where that is exact)."""
        a = x
        for linear, activation in zip(self.linears[:-1], self.activations[:-1]):
            a = activate(activation, linear(a))
        return self.linears[-1](a)

    def forward(self, x, logits=False):
        """a^L, the network's output (z^L with logits=True: DistributedDataParallel only syncs calls through forward)."""
        z = self.logits(x)
        return z if logits else activate(self.activations[-1], z)

    @torch.no_grad()
    def initialise(self, generator=None):
        """The spec's initialisation: W ~ N(0, s^2) with he s = sqrt(2/fan_in), xavier s = sqrt(2/(fan_in+fan_out)); b = 0."""
        for linear in self.linears:
            fan_out, fan_in = linear.weight.shape
            s = math.sqrt(2 / fan_in) if INIT == "he" else math.sqrt(2 / (fan_in + fan_out))
            linear.weight.normal_(0.0, s, generator=generator)
            linear.bias.zero_()

    @torch.no_grad()
    def load_model_json(self, path):
        """Copies W^l and b^l from a backprop-lens/model@1 file (weights[j][k] = W^l_jk, as nn.Linear stores them)."""
        with open(path, encoding="utf-8") as f:
            model = json.load(f)
        if model.get("format") != FORMAT:
            raise ValueError(f"{path}: format is {model.get('format')!r}, expected {FORMAT!r}")
        layers = model["layers"][1:]
        if len(layers) != len(self.linears):
            raise ValueError(f"{path}: {len(layers)} weighted layers, the network has {len(self.linears)}")
        for l, (linear, layer) in enumerate(zip(self.linears, layers), start=1):
            weights = torch.tensor(layer["weights"], dtype=torch.float64)
            if tuple(weights.shape) != tuple(linear.weight.shape):
                raise ValueError(f"{path}: layers[{l}].weights is {tuple(weights.shape)}, the network's W^{l} is {tuple(linear.weight.shape)}")
            linear.weight.copy_(weights)
            linear.bias.copy_(torch.tensor(layer["biases"], dtype=torch.float64))
        return model

    def model_json(self, data, trained_steps):
        """The network as a backprop-lens/model@1 file: Continue Training, the monitor and predict take it back."""
        layers = [{"units": INPUT_UNITS}]
        for linear, activation in zip(self.linears, self.activations):
            layers.append({
                "units": linear.out_features, "activation": activation,
                "weights": linear.weight.detach().to(torch.float64).cpu().tolist(),
                "biases": linear.bias.detach().to(torch.float64).cpu().tolist(),
            })
        return {
            "format": FORMAT, "name": NAME, "loss": LOSS, "task": data["task"], "layers": layers,
            "classNames": data["classNames"], "featureNames": data["featureNames"],
            "inputScale": data["inputScale"], "normalization": data["normalization"], "trainedSteps": trained_steps,
        }
`;

/** The text of model.py for this network. */
export function modelPy(net: ExportedNetwork): string {
  const constants = pythonConstants({
    NAME: net.name, INPUT_UNITS: net.inputUnits, LAYERS: net.layers.map((l) => [l.units, l.activation]), INIT: net.init, LOSS: net.loss,
  });
  return `"""The network of the spec ${JSON.stringify(net.name)}, exported from Backprop Lens."""\n${BODY.replace('FORMAT = ', `${constants}\nFORMAT = `)}`;
}
