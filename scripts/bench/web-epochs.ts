/**
 * Epoch timing shared by the Node and the browser column of the browser benchmark: the same code (no node:*, no DOM)
 * builds the single-thread float32 fast trainer from a spec and data bytes and times whole epochs.
 */
import { buildDataset } from '../../src/engine/data/index';
import { FastTrainer } from '../../src/engine/fast/fastTrainer';
import { detectFeatures } from '../../src/engine/fast/features';
import type { NetworkSpec } from '../../src/engine/spec/types';

/** What to time: `slices` medians, each running whole epochs for at least `sliceMs` (0: one epoch a slice). */
export interface EpochPlan { slices: number; sliceMs: number; warmUpMs: number }

export interface EpochTimes {
  /** Milliseconds per epoch in each slice (slice time / epochs in it). */
  epochMs: number[];
  epochs: number;
  /** Epochs of the untimed warm-up (the thread's CPU time spans them too). */
  warmUpEpochs: number;
  stepsPerEpoch: number;
  /** Mean mini-batch loss of the first epoch: the same bits in both columns when both ran the same kernels. */
  firstEpochLoss: number;
  wasmMB: number;
  relaxedSimd: boolean;
  /** Smallest non-zero step of performance.now() seen (browsers coarsen it). */
  timerResolutionMs: number;
}

/** The spec as the benchmark trains it: float32, one thread (the browser has no SharedArrayBuffer). */
export function singleThreadFloat32(spec: NetworkSpec): NetworkSpec {
  return { ...spec, precision: 'float32', training: { ...spec.training, threads: 1 } };
}

/** Smallest non-zero difference between successive performance.now() readings over ~`ms`. */
function timerResolution(now: () => number, ms = 20): number {
  let smallest = Infinity;
  const end = now() + ms;
  let last = now();
  while (last < end) {
    const t = now();
    if (t > last) smallest = Math.min(smallest, t - last);
    last = t;
  }
  return smallest;
}

/** Trains one epoch; returns its mean mini-batch loss. */
function trainEpoch(trainer: FastTrainer): number {
  let sum = 0, steps = 0;
  for (;;) {
    const r = trainer.trainStep();
    sum += r.loss;
    steps++;
    if (r.epochEnd) return sum / steps;
  }
}

/** Runs whole epochs for at least `sliceMs` (at least one); returns ms per epoch and the epochs run. */
function timeSlice(trainer: FastTrainer, sliceMs: number, onEpoch: (loss: number) => void): { ms: number; epochs: number } {
  const start = performance.now();
  let epochs = 0;
  do {
    onEpoch(trainEpoch(trainer));
    epochs++;
  } while (performance.now() - start < sliceMs);
  return { ms: (performance.now() - start) / epochs, epochs };
}

/** The single-thread fast trainer on `files` (path → un-gzipped bytes): the spec's data read from them only. */
export function benchTrainer(spec: NetworkSpec, files: ReadonlyMap<string, Uint8Array>): FastTrainer {
  const data = buildDataset(spec, (path) => {
    const bytes = files.get(path);
    if (!bytes) throw new Error(`no bytes passed for ${path}`);
    return bytes;
  });
  return new FastTrainer(spec, data, { threads: 1, adoptData: true });
}

/** Times epochs of `trainer` as `plan` says (warm-up first, untimed), then disposes of it. */
export function timeEpochs(trainer: FastTrainer, plan: EpochPlan): EpochTimes {
  let firstEpochLoss = NaN;
  const keepFirst = (loss: number): void => { if (Number.isNaN(firstEpochLoss)) firstEpochLoss = loss; };
  try {
    const warmUpEpochs = plan.warmUpMs > 0 ? timeSlice(trainer, plan.warmUpMs, keepFirst).epochs : 0;
    const epochMs: number[] = [];
    let epochs = 0;
    for (let s = 0; s < plan.slices; s++) {
      const slice = timeSlice(trainer, plan.sliceMs, keepFirst);
      epochMs.push(slice.ms);
      epochs += slice.epochs;
    }
    return {
      epochMs, epochs, warmUpEpochs, stepsPerEpoch: trainer.stepsPerEpoch, firstEpochLoss,
      wasmMB: trainer.memoryBytes / 2 ** 20, relaxedSimd: detectFeatures().relaxedSimd,
      timerResolutionMs: timerResolution(() => performance.now()),
    };
  } finally {
    trainer.dispose();
  }
}
