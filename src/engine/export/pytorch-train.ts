/** train.py of an exported PyTorch project: the engine's loss, update rules, L2 and batch order; DistributedDataParallel under torchrun. */
import { pythonConstants } from './python-literal';

export interface ExportedTraining {
  loss: 'mse' | 'cross_entropy';
  optimizer: { type: 'sgd' | 'momentum' | 'adam'; learningRate: number; momentum: number; beta1: number; beta2: number; epsilon: number };
  l2: number;
  batchSize: number;
  epochs: number;
  seed: number;
  shuffle: boolean;
  precision: 'float32' | 'float64';
  /** Normal draws the engine's initialisation takes from the seeded generator before the first shuffle. */
  initDraws: number;
  /** Where `train.py` records δ^l by default: `<dir>/<name>-<UTC time>`, dir relative to the project folder ('/'-separated). */
  lensRuns: { dir: string; name: string };
}

const BODY = String.raw`
import argparse
import json
import os
import time

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

from data import Mulberry32, load_data
from model import Network

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPE = torch.float64 if PRECISION == "float64" else torch.float32


def loss_sum(net, x, y):
    """Sum over the samples of E: mse 1/2 |a - y|^2; cross-entropy -sum y ln a (softmax) or -sum [y ln a + (1-y) ln(1-a)] per unit (sigmoid)."""
    if LOSS == "mse":
        return 0.5 * ((net(x) - y) ** 2).sum()
    z = net(x, logits=True)
    output = (net.module if isinstance(net, DistributedDataParallel) else net).activations[-1]
    if output == "softmax":
        return -(y * torch.log_softmax(z, dim=1)).sum()
    return torch.nn.functional.binary_cross_entropy_with_logits(z, y, reduction="sum")


class EngineOptimizer(torch.optim.Optimizer):
    """Backprop Lens's update rules (src/engine/nn/optimizers.ts); L2 adds lambda W to dE/dW (weights only, not biases)."""

    def __init__(self, weights, biases):
        super().__init__([{"params": weights, "l2": L2}, {"params": biases, "l2": 0.0}], {})
        self.t = 0

    @torch.no_grad()
    def step(self):
        self.t += 1
        o = OPTIMIZER
        for group in self.param_groups:
            for p in group["params"]:
                g = p.grad + group["l2"] * p if group["l2"] > 0 else p.grad
                state = self.state[p]
                if o["type"] == "sgd":
                    p.sub_(o["learningRate"] * g)  # theta <- theta - eta grad
                elif o["type"] == "momentum":
                    v = state.setdefault("v", torch.zeros_like(p))
                    v.mul_(o["momentum"]).sub_(o["learningRate"] * g)  # v <- mu v - eta grad
                    p.add_(v)  # theta <- theta + v
                else:
                    m = state.setdefault("m", torch.zeros_like(p))
                    v = state.setdefault("v", torch.zeros_like(p))
                    m.mul_(o["beta1"]).add_((1 - o["beta1"]) * g)  # m <- b1 m + (1 - b1) g
                    v.mul_(o["beta2"]).add_((1 - o["beta2"]) * g * g)  # v <- b2 v + (1 - b2) g^2
                    c1, c2 = 1 - o["beta1"] ** self.t, 1 - o["beta2"] ** self.t
                    p.sub_(o["learningRate"] * (m / c1) / (torch.sqrt(v / c2) + o["epsilon"]))  # bias-corrected


class BatchOrder:
    """The engine's mini-batch order: the seeded generator after the initialisation's draws, reshuffled at every epoch end."""

    def __init__(self, count):
        self.rng = Mulberry32(SEED)
        self.rng.skip(2 * ((INIT_DRAWS + 1) // 2))  # Box-Muller takes two uniforms per pair of normals
        self.order = list(range(count))
        if SHUFFLE:
            self.rng.shuffle(self.order)

    def epoch(self):
        """Index lists of this epoch's batches (the last may be short); reshuffles for the next epoch."""
        size = max(1, min(BATCH_SIZE, len(self.order)))
        batches = [self.order[i:i + size] for i in range(0, len(self.order), size)]
        self.order = list(self.order)
        if SHUFFLE:
            self.rng.shuffle(self.order)
        return batches


def distributed():
    """rank, world size, device; under torchrun (env:// RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT) joins the group: nccl on GPUs, gloo on CPU."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    cuda = torch.cuda.is_available()
    local = int(os.environ.get("LOCAL_RANK", "0"))
    device = torch.device(f"cuda:{local}") if cuda else torch.device("cpu")
    if cuda:
        torch.cuda.set_device(device)
    if world > 1:
        dist.init_process_group("nccl" if cuda else "gloo")
        return dist.get_rank(), world, device
    return 0, 1, device


@torch.no_grad()
def evaluate(net, x, y, labels):
    """Mean loss and (for classification) accuracy over a split: argmax, or a >= 0.5 for one output unit."""
    if len(x) == 0:
        return None, None
    loss = (loss_sum(net, x, y) / len(x)).item()
    if labels is None:
        return loss, None
    a = net(x)
    predicted = (a[:, 0] >= 0.5).long() if a.shape[1] == 1 else a.argmax(dim=1)
    return loss, (predicted.cpu() == torch.tensor(labels)).double().mean().item()


def lens_folder(args):
    """The run folder the lens records into: --lens DIR, else RUNS_DIR/RUN_NAME-<UTC time> beside this file; None with --no-lens."""
    if args.no_lens:
        return None
    if args.lens:
        return args.lens
    return os.path.normpath(os.path.join(HERE, *RUNS_DIR.split("/"), f"{RUN_NAME}-{time.strftime('%Y-%m-%dT%H-%M-%S', time.gmtime())}"))


def watch(trained, net, folder):
    """backprop_lens (the copy beside this file) on every nn.Linear: delta^l per layer per step, Pause/Resume/Stop from the editor."""
    if folder is None:
        return None
    import backprop_lens
    return backprop_lens.watch(trained, folder, on_stop="flag", activations=net.activations)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--save-model", metavar="OUT.json", help="write the trained model (backprop-lens/model@1)")
    parser.add_argument("--init", metavar="MODEL.json", default=os.path.join(HERE, "init-model.json"),
                        help="starting weights (default: the exported init-model.json, the engine's own initialisation)")
    parser.add_argument("--fresh-init", action="store_true", help="draw new weights with the spec's scheme from torch's generator instead")
    parser.add_argument("--lens", metavar="RUN_DIR", help=f"record delta^l per layer into this run folder (default: {RUNS_DIR}/{RUN_NAME}-<time>)")
    parser.add_argument("--no-lens", action="store_true", help="do not record (no run folder)")
    return parser.parse_args()


def main():
    args = parse_args()
    rank, world, device = distributed()
    data = load_data(DTYPE)
    net = Network(DTYPE)
    if args.fresh_init:
        net.initialise(torch.Generator().manual_seed(SEED))
    else:
        net.load_model_json(args.init)
    net.to(device)
    optimizer = EngineOptimizer([l.weight for l in net.linears], [l.bias for l in net.linears])
    trained = DistributedDataParallel(net) if world > 1 else net
    x, y = data["x_train"].to(device), data["y_train"].to(device)
    order, steps = BatchOrder(len(x)), 0
    lens = watch(trained, net, lens_folder(args))
    for epoch in range(1, args.epochs + 1):
        for batch in order.epoch():
            shard = batch[rank::world]  # each rank takes its shard of every batch
            optimizer.zero_grad()
            # Sum over the shard / batch size, times world: DDP averages over ranks, so dE/dW is the batch mean.
            scale = world / len(batch)
            if lens:
                lens.loss_scale = scale  # the loss is scale * sum of E_x: per-sample delta = dE/dz / scale
            loss = loss_sum(trained, x[shard], y[shard]) * scale
            loss.backward()
            optimizer.step()
            steps += 1
            if lens:
                lens.step(loss=loss)
                if lens.stop_requested:  # Stop in the editor: the model is saved as at the end
                    break
        if rank == 0:
            report(net, data, device, epoch)
        if lens and lens.stop_requested:
            break
    if lens:
        lens.close()
        if rank == 0:
            print(f"lens: {steps} steps recorded in {lens.folder}{' (stopped from the editor)' if lens.stop_requested else ''}", flush=True)
    if rank == 0 and args.save_model:
        with open(args.save_model, "w", encoding="utf-8") as f:
            json.dump(net.model_json(data, steps), f)
        print(f"model saved to {args.save_model}")
    if world > 1:
        dist.destroy_process_group()


def report(net, data, device, epoch):
    loss, accuracy = evaluate(net, data["x_train"].to(device), data["y_train"].to(device), data["labels_train"])
    test_loss, test_accuracy = evaluate(net, data["x_test"].to(device), data["y_test"].to(device), data["labels_test"])
    line = {"epoch": epoch, "loss": loss, "accuracy": accuracy, "testLoss": test_loss, "testAccuracy": test_accuracy}
    print(json.dumps({k: v for k, v in line.items() if v is not None}), flush=True)


if __name__ == "__main__":
    main()
`;

/** The text of train.py for these hyper-parameters. */
export function trainPy(name: string, t: ExportedTraining): string {
  const constants = pythonConstants({
    LOSS: t.loss, OPTIMIZER: t.optimizer, L2: t.l2, BATCH_SIZE: t.batchSize, EPOCHS: t.epochs, SEED: t.seed,
    SHUFFLE: t.shuffle, PRECISION: t.precision, INIT_DRAWS: t.initDraws, RUNS_DIR: t.lensRuns.dir, RUN_NAME: t.lensRuns.name,
  });
  const doc = `"""Train ${name.replace(/"/g, "'")} as Backprop Lens would: python3 train.py [--epochs N] [--save-model OUT.json] [--lens RUN_DIR | --no-lens]; torchrun --nproc_per_node=N train.py for DistributedDataParallel."""`;
  return `${doc}\n${BODY.replace('HERE = ', `${constants}\nHERE = `)}`;
}
