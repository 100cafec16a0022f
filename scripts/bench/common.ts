/** Shared bench helpers: Fashion-MNIST and spiral data sets, the benchmark specs, JSON output, timing. */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { buildDataset } from '../../src/engine/data/index';
import type { Dataset } from '../../src/engine/data/dataset';
import type { ThreadStarter } from '../../src/engine/fast/threads';
import { startNodeThread } from '../../src/node/threads';
import type { NetworkSpec, Precision } from '../../src/engine/spec/types';

export const FASHION_DIR = process.env.FASHION_MNIST_DIR ?? '/usr/share/datasets/fashion-mnist';

/** The benchmark network: 784-256-128-10 relu/softmax, cross-entropy, SGD lr 0.1, batch 64, He init. */
export function fashionSpec(precision: Precision, threads = 1): NetworkSpec {
  const f = (name: string): string => `${FASHION_DIR}/${name}-ubyte.gz`;
  return {
    seed: 1, precision,
    data: { idx: { trainImages: f('train-images-idx3'), trainLabels: f('train-labels-idx1'), testImages: f('t10k-images-idx3'), testLabels: f('t10k-labels-idx1') } },
    layers: [{ units: 784 }, { units: 256, activation: 'relu' }, { units: 128, activation: 'relu' }, { units: 10, activation: 'softmax' }],
    loss: 'cross_entropy', init: 'he', optimizer: { type: 'sgd', learningRate: 0.1 }, training: { epochs: 1, batchSize: 64, threads },
  };
}

/** TensorFlow Playground scale: 2-8-8-1 tanh, MSE, SGD lr 0.03, batch 10, 500 spiral points. */
export function spiralSpec(precision: Precision): NetworkSpec {
  return {
    seed: 1, precision, data: { builtin: 'spiral', samples: 500, noise: 0 },
    layers: [{ units: 2 }, { units: 8, activation: 'tanh' }, { units: 8, activation: 'tanh' }, { units: 1, activation: 'tanh' }],
    loss: 'mse', init: 'xavier', optimizer: { type: 'sgd', learningRate: 0.03 }, training: { epochs: 1, batchSize: 10 },
  };
}

export function loadDataset(spec: NetworkSpec): Dataset {
  return buildDataset(spec, (path, as) => (as === 'text' ? readFileSync(path, 'utf8') : new Uint8Array(readFileSync(path))), {
    gunzip: (bytes) => new Uint8Array(gunzipSync(bytes)),
  });
}

/** Starts fast-trainer helper threads as Node workers. */
export const startWorker: ThreadStarter = startNodeThread;

export const coreCount = (): number => cpus().length;

/** Prints the result as the last stdout line (the orchestrator parses it), with peak RSS. */
export function report(result: Record<string, unknown>): void {
  console.log(JSON.stringify({ ...result, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Runs `step` repeatedly for about `seconds` after a warm-up; returns calls per second (median of 5 slices). */
export function rate(step: () => void, seconds: number): number {
  const warmUntil = performance.now() + 200;
  while (performance.now() < warmUntil) step();
  const slices: number[] = [];
  for (let s = 0; s < 5; s++) {
    const start = performance.now();
    let count = 0;
    while (performance.now() - start < (seconds * 1000) / 5) { step(); count++; }
    slices.push(count / ((performance.now() - start) / 1000));
  }
  return median(slices);
}
