"""A watched loop whose step recording fails at step 3 (StepRecorder.record raises): prints where the error reached the loop.

usage: lens_failing_writer.py PYTHON_DIR RUN_DIR
"""
import sys

sys.path.insert(0, sys.argv[1])
import torch  # noqa: E402
from torch import nn  # noqa: E402

import backprop_lens  # noqa: E402

record = backprop_lens.recorder.StepRecorder.record


def failing_record(self, step, *rest, **named):
    if step == 3:
        raise OSError("disk full (simulated)")
    return record(self, step, *rest, **named)


backprop_lens.recorder.StepRecorder.record = failing_record
torch.manual_seed(2)
model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
lens = backprop_lens.watch(model, sys.argv[2])
try:
    for step in range(1, 11):
        loss = nn.functional.cross_entropy(model(torch.randn(8, 3)), torch.zeros(8, dtype=torch.long))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        lens.step(loss=loss)
    print("no error reached the loop")
except RuntimeError as error:
    print(f"raised at step {lens.steps}: {error}")
