"""Which modules are hooked: every nn.Linear, with the activation that follows it (σ′ for dead and saturated shares)."""
import torch
from torch import nn

# Known activation modules → the engine's activation names.
_ACTIVATIONS = {
    nn.ReLU: "relu",
    nn.LeakyReLU: "leaky_relu",
    nn.Tanh: "tanh",
    nn.Sigmoid: "sigmoid",
    nn.Softmax: "softmax",
    nn.Identity: "linear",
}


class HookedLayer:
    """One nn.Linear: its name in the model, units, fan-in and the activation module after it (None: unknown)."""

    def __init__(self, name, linear, activation, activation_module):
        self.name = name
        self.linear = linear
        self.units = linear.out_features
        self.fan_in = linear.in_features
        self.activation = activation
        self.activation_module = activation_module

    def describe(self):
        return {"name": self.name, "units": self.units, "fanIn": self.fan_in, "activation": self.activation}


def _follower(parent, child_names, index):
    """The activation name of the sibling after child `index`: 'linear' at the end of an nn.Sequential, None when unknown."""
    if index + 1 < len(child_names):
        module = getattr(parent, child_names[index + 1])
        for kind, name in _ACTIVATIONS.items():
            if type(module) is kind:
                return name, module
        return None, None
    return ("linear", None) if isinstance(parent, nn.Sequential) else (None, None)


def find_layers(model, activations=None):
    """Every nn.Linear of `model` in registration order, each with the activation module registered right after it
    (or the name activations[i] gives, for models that apply σ in forward code)."""
    layers = []
    for parent_name, parent in model.named_modules():
        child_names = [name for name, _ in parent.named_children()]
        for index, child_name in enumerate(child_names):
            child = getattr(parent, child_name)
            if isinstance(child, nn.Linear):
                activation, module = _follower(parent, child_names, index)
                full = f"{parent_name}.{child_name}" if parent_name else child_name
                layers.append(HookedLayer(full, child, activation or "unknown", module))
    if activations is not None:
        if len(activations) != len(layers):
            raise ValueError(f"backprop_lens.watch: {len(activations)} activations given for {len(layers)} nn.Linear layers")
        for layer, name in zip(layers, activations):
            if name not in _ACTIVATIONS.values():
                raise ValueError(f"backprop_lens.watch: unknown activation {name!r} (known: {', '.join(_ACTIVATIONS.values())})")
            layer.activation, layer.activation_module = name, None
    return layers


def sigma_prime(layer, z):
    """σ′(z) of the layer's activation (softmax: the Jacobian's diagonal a(1 − a)), or None when the activation is unknown."""
    kind = layer.activation
    if kind == "relu":
        return (z > 0).to(z.dtype)
    if kind == "leaky_relu":
        slope = layer.activation_module.negative_slope if layer.activation_module is not None else 0.01  # the engine's slope
        return torch.where(z > 0, torch.ones_like(z), torch.full_like(z, slope))
    if kind == "tanh":
        a = torch.tanh(z)
        return 1 - a * a
    if kind == "sigmoid":
        a = torch.sigmoid(z)
        return a * (1 - a)
    if kind == "softmax":
        module = layer.activation_module
        a = torch.softmax(z, dim=module.dim if module is not None and module.dim is not None else -1)
        return a * (1 - a)
    if kind == "linear":
        return torch.ones_like(z)
    return None
