"""A watched float64 MLP trained for 8 steps on batches of 32: under DistributedDataParallel (env:// variables, gloo)
each of 2 ranks takes its half of every batch; without WORLD_SIZE, one process takes the whole batch. Either way the
run folder's record should be the same (the lens sums every rank's shard).

usage: lens_ddp.py PYTHON_DIR RUN_DIR
"""
import os
import sys

sys.path.insert(0, sys.argv[1])
import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402
from torch import nn  # noqa: E402
from torch.nn.parallel import DistributedDataParallel  # noqa: E402

import backprop_lens  # noqa: E402

torch.set_default_dtype(torch.float64)
ranks = int(os.environ.get("WORLD_SIZE", "1"))
if ranks > 1:
    dist.init_process_group("gloo")
rank = dist.get_rank() if ranks > 1 else 0
torch.manual_seed(5)
model = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 6), nn.Tanh(), nn.Linear(6, 2))
trained = DistributedDataParallel(model) if ranks > 1 else model
optimizer = torch.optim.SGD(trained.parameters(), lr=0.5)
generator = torch.Generator().manual_seed(11)
lens = backprop_lens.watch(trained, sys.argv[2])
for step in range(8):
    x = torch.randn(32, 3, generator=generator) * 2 - 0.5
    shard = x.reshape(ranks, 32 // ranks, 3)[rank]
    loss = nn.functional.cross_entropy(trained(shard), (shard[:, 0] * shard[:, 1] > 0).long())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    lens.step(loss=loss)
lens.close()
assert lens.active == (rank == 0) and (lens.folder is None) == (rank != 0)
if ranks > 1:
    dist.destroy_process_group()
