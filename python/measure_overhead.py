"""Prints the lens's overhead on the Fashion-MNIST MLP shape (784-256-128-10, relu, batch 64, SGD) on the CPU.

usage: python3 python/measure_overhead.py [STEPS] [ROUNDS]   (random inputs: the cost does not depend on the pixels)
Alternates unwatched and watched rounds of STEPS steps (each watched round a new run folder) and prints the median time
per step of each, and the median over the rounds of watched / unwatched − 1 (each round against the unwatched round
just before it, which the machine's drift between rounds does not move).
"""
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402
from torch import nn  # noqa: E402

import backprop_lens  # noqa: E402


def train(model, optimizer, data, lens=None):
    start = time.perf_counter()
    for x, y in data:
        loss = nn.functional.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if lens:
            lens.step(loss=loss)
    return (time.perf_counter() - start) / len(data)


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 938  # one Fashion-MNIST epoch at batch 64
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    data = [(torch.rand(64, 784), torch.randint(0, 10, (64,))) for _ in range(steps)]
    train(model, optimizer, data[:20])  # warm-up
    plain, watched = [], []
    with tempfile.TemporaryDirectory() as folder:
        for round_ in range(rounds):
            plain.append(train(model, optimizer, data))
            with backprop_lens.watch(model, os.path.join(folder, f"run-{round_}")) as lens:
                watched.append(train(model, optimizer, data, lens))
    p, w = statistics.median(plain), statistics.median(watched)
    paired = statistics.median(b / a - 1 for a, b in zip(plain, watched))
    print(f"{torch.get_num_threads()} thread(s), {steps} steps per round, {rounds} rounds: unwatched {p * 1e3:.3f} ms/step, "
          f"watched {w * 1e3:.3f} ms/step (medians: {100 * (w - p) / p:+.1f} %), overhead {100 * paired:+.1f} % "
          f"(median of the rounds' pairs: {' '.join(f'{100 * (b / a - 1):+.1f}' for a, b in zip(plain, watched))})")


if __name__ == "__main__":
    main()
