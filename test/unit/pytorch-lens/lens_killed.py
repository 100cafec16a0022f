"""Trains a watched MLP without end, printing "step N" after each finished step, until it is killed.

usage: lens_killed.py PYTHON_DIR RUN_DIR
"""
import sys

sys.path.insert(0, sys.argv[1])
import torch  # noqa: E402
from torch import nn  # noqa: E402

import backprop_lens  # noqa: E402

torch.manual_seed(1)
model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
lens = backprop_lens.watch(model, sys.argv[2])
step = 0
while True:
    x = torch.randn(32, 3)
    loss = nn.functional.cross_entropy(model(x), (x[:, 0] > 0).long())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    lens.step(loss=loss)
    step += 1
    print(f"step {step}", flush=True)
