"""A watched MLP trained step after step (about 50 a second) until Stop from the editor ends it: prints
"rank R step N" after each lens.step() (N: the steps recorded) and "rank R ended after step N (how)" at the end.
Under DistributedDataParallel (env:// variables, gloo) each rank trains its half of every batch.

usage: lens_control.py PYTHON_DIR RUN_DIR raise|flag
"""
import os
import sys
import time

sys.path.insert(0, sys.argv[1])
import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402
from torch import nn  # noqa: E402
from torch.nn.parallel import DistributedDataParallel  # noqa: E402

import backprop_lens  # noqa: E402

ranks = int(os.environ.get("WORLD_SIZE", "1"))
if ranks > 1:
    dist.init_process_group("gloo")
rank = dist.get_rank() if ranks > 1 else 0
torch.manual_seed(5)
model = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 2))
trained = DistributedDataParallel(model) if ranks > 1 else model
optimizer = torch.optim.SGD(trained.parameters(), lr=0.1)
lens = backprop_lens.watch(trained, sys.argv[2], on_stop=sys.argv[3])
how = "never stopped"
try:
    for _ in range(3000):
        x = torch.randn(16, 3)
        loss = nn.functional.cross_entropy(trained(x), (x[:, 0] > 0).long())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        lens.step(loss=loss)
        if lens.stop_requested:
            how = "flag"
            break
        print(f"rank {rank} step {lens.steps}", flush=True)
        time.sleep(0.02)
except backprop_lens.StopTraining as stop:
    how = f"raised: {stop}"
lens.close()
print(f"rank {rank} ended after step {lens.steps} ({how})", flush=True)
code = 0 if how != "never stopped" else 3
if ranks > 1:
    dist.destroy_process_group()
    # torch 1.13's gloo threads can abort the interpreter's teardown after this point ("terminate called without an
    # active exception", seen once in .ci/run after both ranks had ended cleanly): the lens is closed and the output
    # flushed, so leave without the teardown.
    sys.stdout.flush()
    os._exit(code)
sys.exit(code)
