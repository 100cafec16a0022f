"""Trains small float64 nn.Sequential models watched by backprop_lens and writes, beside each run folder, what an
independent computation gives (retain_grad on every z^l): expected.json {"layers": [...], "steps": [{per-layer series}]}.

usage: lens_oracle.py PYTHON_DIR OUT_DIR STEPS [MAP_PER_LEVEL [slow]]   (the lens's mean-δ lines per level, 0: its own;
       slow: its background thread sleeps 30 ms before each step's numbers, while the loop trains on)
"""
import json
import math
import os
import sys

sys.path.insert(0, sys.argv[1])
import torch  # noqa: E402
from torch import nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import backprop_lens  # noqa: E402

torch.set_default_dtype(torch.float64)
OUT, STEPS, BATCH = sys.argv[2], int(sys.argv[3]), 16
if len(sys.argv) > 4 and int(sys.argv[4]) > 0:
    backprop_lens.recorder.MAP_PER_LEVEL = int(sys.argv[4])
if len(sys.argv) > 5 and sys.argv[5] == "slow":
    import time  # noqa: E402
    numbers = backprop_lens.recorder.step_vector

    def slow_step_vector(*args):
        time.sleep(0.03)
        return numbers(*args)
    backprop_lens.recorder.step_vector = slow_step_vector


def sigma_prime(kind, z):
    if kind == "tanh":
        return 1 - torch.tanh(z) ** 2
    if kind == "sigmoid":
        s = torch.sigmoid(z)
        return s * (1 - s)
    if kind == "relu":
        return (z > 0).double()
    return torch.ones_like(z)


CASES = {
    # name: (hidden activation module, output activation module or None, loss(out, y), target kind, reduction, optimizer)
    "tanh-crossentropy": (nn.Tanh, None, lambda out, y: F.cross_entropy(out, y), "class", "mean", "sgd"),
    "sigmoid-bce": (nn.Sigmoid, nn.Sigmoid, lambda out, y: F.binary_cross_entropy(out, y), "binary", "mean", "adam"),
    "relu-mse-sum": (nn.ReLU, None, lambda out, y: F.mse_loss(out, y, reduction="sum"), "regression", "sum", "sgd-small"),
}


def build(case):
    hidden, output = CASES[case][0], CASES[case][1]
    outputs = 3 if CASES[case][3] == "class" else 1
    layers = [nn.Linear(4, 8), hidden(), nn.Linear(8, 6), hidden(), nn.Linear(6, outputs)]
    return nn.Sequential(*(layers + ([output()] if output else [])))


def batch(case, generator):
    x = torch.randn(BATCH, 4, generator=generator)
    kind = CASES[case][3]
    if kind == "class":
        return x, (x[:, 0] > 0).long() + (x[:, 1] > 0.5).long()
    if kind == "binary":
        return x, (x[:, 0] * x[:, 1] > 0).double().reshape(-1, 1)
    return x, (torch.sin(x[:, :1]) + 0.5 * x[:, 1:2])


def run(case):
    torch.manual_seed(3)
    generator = torch.Generator().manual_seed(7)
    model = build(case)
    _hidden, _output, loss_fn, _kind, reduction, opt = CASES[case]
    linears = [m for m in model if isinstance(m, nn.Linear)]
    kinds = [CASES[case][0].__name__.lower()] * 2 + (["sigmoid"] if _output else ["linear"])
    rates = {"sgd": 0.1, "sgd-small": 0.005}
    optimizer = torch.optim.SGD(model.parameters(), lr=rates[opt]) if opt in rates else torch.optim.Adam(model.parameters(), lr=0.01)
    zs = {}

    def keep(i):
        def hook(_module, _inputs, z):
            z.retain_grad()
            zs[i] = z
        return hook
    for i, linear in enumerate(linears):
        linear.register_forward_hook(keep(i))
    expected = []
    with backprop_lens.watch(model, os.path.join(OUT, case), loss_reduction=reduction) as lens:
        for step in range(1, STEPS + 1):
            x, y = batch(case, generator)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            held = [l.weight.detach().clone() for l in linears]
            optimizer.step()
            m = x.shape[0]
            row = {key: [] for key in ("deltaNorm", "deltaMean", "deadShare", "saturatedShare", "gradNorm", "weightNorm", "updateRatio")}
            for i, linear in enumerate(linears):
                delta = zs[i].grad * (m if reduction == "mean" else 1)
                sp = sigma_prime(kinds[i], zs[i].detach())
                units = delta.shape[1]
                row["deltaNorm"].append(math.sqrt(float((delta ** 2).sum()) / m))
                row["deltaMean"].append([float(v) for v in delta.mean(dim=0)])
                row["deadShare"].append(float((sp == 0).all(dim=0).sum()) / units if kinds[i] == "relu" else 0.0)
                row["saturatedShare"].append(float((sp.abs() < 0.01).sum()) / (units * m))
                row["gradNorm"].append(float(linear.weight.grad.norm()) / (1 if reduction == "mean" else m))
                row["weightNorm"].append(float(linear.weight.detach().norm()))
                row["updateRatio"].append(float((linear.weight.detach() - held[i]).norm() / linear.weight.detach().norm()))
            row["loss"] = float(loss)
            expected.append(row)
            if step % 2 == 0:
                lens.step(loss=loss)  # odd steps are finished by the next forward (and the last by close), with no loss
            else:
                row["loss"] = None
    with open(os.path.join(OUT, case + ".expected.json"), "w") as f:
        json.dump({"folder": lens.folder, "activations": kinds, "steps": expected}, f)


for name in CASES:
    run(name)
print("ok")
