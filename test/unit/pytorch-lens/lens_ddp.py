"""One DistributedDataParallel rank (env:// variables, gloo): trains a watched float64 MLP for 5 steps on its shard.
Rank 0 also writes what retain_grad gives for ‖δ^l‖ of its own shard to EXPECTED.

usage: lens_ddp.py PYTHON_DIR RUN_DIR EXPECTED
"""
import json
import math
import os
import sys

sys.path.insert(0, sys.argv[1])
import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402
from torch import nn  # noqa: E402
from torch.nn.parallel import DistributedDataParallel  # noqa: E402

import backprop_lens  # noqa: E402

torch.set_default_dtype(torch.float64)
dist.init_process_group("gloo")
rank = dist.get_rank()
torch.manual_seed(5)
model = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 2))
ddp = DistributedDataParallel(model)
optimizer = torch.optim.SGD(ddp.parameters(), lr=0.1)
zs = []
for linear in (model[0], model[2]):
    linear.register_forward_hook(lambda _m, _i, z: (z.retain_grad(), zs.append(z)) and None)
generator = torch.Generator().manual_seed(11)
expected = []
lens = backprop_lens.watch(ddp, sys.argv[2])
for step in range(5):
    x = torch.randn(2, 16, 3, generator=generator)[rank]  # each rank its shard of a batch of 32
    zs.clear()
    loss = nn.functional.cross_entropy(ddp(x), (x[:, 0] > 0).long())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    lens.step(loss=loss)
    expected.append([math.sqrt(float(((z.grad * 16) ** 2).sum()) / 16) for z in zs])
lens.close()
if rank == 0:
    with open(sys.argv[3], "w") as f:
        json.dump({"deltaNorm": expected, "active": lens.active}, f)
else:
    assert not lens.active and lens.folder is None
dist.destroy_process_group()
