/** Monitoring overhead and the bundled accuracy example, on the fast trainer. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { FastTrainer } from '../../src/engine/fast/fastTrainer';
import { checkGradients, prepareRun, trainerUsed } from '../../src/engine/train/run';
import type { Precision } from '../../src/engine/spec/types';
import type { Trainer } from '../../src/engine/train/training-types';
import { snapshotMessage } from '../../src/worker/messages';
import { firstNonFiniteLayer } from '../../src/engine/monitor/layer-summaries';
import type { RunInfo } from '../../src/protocol';
import { DELTA_MAP_COLUMNS, RECORD_BUCKETS } from '../../src/engine/record/types';
import { FRAME_BYTES_MAX, RunRecording } from '../../src/worker/recording';
import { fashionSpec, loadDataset, median, report, startWorker } from './common';

/** Seconds for one epoch of trainStep calls, calling `afterStep` after each step. */
export function timeEpoch(trainer: Trainer, afterStep?: (step: number) => void): number {
  const start = performance.now();
  for (;;) {
    const r = trainer.trainStep();
    afterStep?.(r.step);
    if (r.epochEnd) return (performance.now() - start) / 1000;
  }
}

/** Seconds for one epoch trained through the worker's step record (RunRecording.trainStep instead of trainStep). */
function timeRecordedEpoch(trainer: Trainer, recording: RunRecording): number {
  const start = performance.now();
  while (!recording.trainStep(trainer).epochEnd) { /* the record captures at its own cadence */ }
  return (performance.now() - start) / 1000;
}

/**
 * The δ record's overhead from `pairs` pairs of half-epoch segments, plain and recorded, in ABBA order so that slow
 * drifts of the machine's load cancel: Σ recorded / Σ plain − 1, and both sums as seconds per epoch.
 */
function interleavedRecordOverhead(trainer: Trainer, recording: RunRecording, pairs: number): { overhead: number; plainEpochSeconds: number; recordedEpochSeconds: number } {
  const steps = Math.ceil(trainer.stepsPerEpoch / 2);
  const segment = (step: () => void): number => {
    const start = performance.now();
    for (let i = 0; i < steps; i++) step();
    return (performance.now() - start) / 1000;
  };
  let plain = 0, recorded = 0;
  for (let p = 0; p < pairs; p++) {
    const plainFirst = p % 2 === 0;
    if (plainFirst) plain += segment(() => trainer.trainStep());
    recorded += segment(() => recording.trainStep(trainer));
    if (!plainFirst) plain += segment(() => trainer.trainStep());
  }
  const perEpoch = trainer.stepsPerEpoch / (steps * pairs);
  return { overhead: recorded / plain - 1, plainEpochSeconds: plain * perEpoch, recordedEpochSeconds: recorded * perEpoch };
}

/** Bytes the record of `trainer`'s run holds besides its frames: bucket series, δ maps, the held copy of W. */
function recordBytes(spec: ReturnType<typeof fashionSpec>): number {
  const units = spec.layers.slice(1).map((l) => l.units);
  const series = 1 + 4 + 6 * units.length; // loss, 4 epoch series, 6 per layer: 6 Float64Arrays of RECORD_BUCKETS each
  const maps = units.reduce((sum, u) => sum + 8 * (u + 2) * DELTA_MAP_COLUMNS, 0);
  const held = units.reduce((sum, u, i) => sum + 4 * u * spec.layers[i].units, 0);
  return series * 6 * 8 * RECORD_BUCKETS + maps + held;
}

/** The record the worker keeps for a run planned like examples/fashion-mnist-fast.nn.json (20 epochs). */
function fashionRecording(trainer: Trainer, spec: ReturnType<typeof fashionSpec>, data: ReturnType<typeof loadDataset>): RunRecording {
  const info = { epochs: 20, stepsPerEpoch: trainer.stepsPerEpoch, batchSize: spec.training.batchSize, inputSize: data.inputSize,
    layers: spec.layers.slice(1).map((l) => ({ units: l.units })), ...trainerUsed(trainer) } as unknown as RunInfo;
  return new RunRecording(info, data);
}

/**
 * Epochs alternate between unmonitored and a snapshot every 10 steps checked for NaN/Inf and turned into the worker's
 * message (summaries, Float32 copies, no dW); after each pair, the float64 gradient check the worker runs after an epoch
 * is timed alone (its cost is smaller than the epoch-to-epoch noise of timing a whole epoch with it). Then the
 * worker's δ record with its frames (RunRecording, as every run in the extension keeps; warmed up by one epoch)
 * against plain training in interleaved half-epoch segments: its few-% cost drowns in epoch-to-epoch noise otherwise.
 */
export function runMonitor(precision: Precision, threads: number, rounds: number): void {
  const spec = fashionSpec(precision, threads);
  const data = loadDataset(spec);
  const trainer = new FastTrainer(spec, data, { threads, startThread: startWorker, adoptData: true });
  const plain: number[] = [], snapshots: number[] = [], gradChecks: number[] = [];
  const recording = fashionRecording(trainer, spec, data);
  const snapshotEvery10 = (step: number): void => {
    if (step % 10 !== 0) return;
    const layers = trainer.snapshot();
    if (firstNonFiniteLayer(layers) === null) snapshotMessage(layers, step, trainer.epoch, false); // as the worker does
  };
  timeRecordedEpoch(trainer, recording); // warms the record up (its first captures compile; the cadence settles)
  for (let r = 0; r < rounds; r++) {
    plain.push(timeEpoch(trainer));
    snapshots.push(timeEpoch(trainer, snapshotEvery10));
    const start = performance.now();
    checkGradients(spec, data, trainer.parameters()); // as the worker does after an epoch
    gradChecks.push((performance.now() - start) / 1000);
  }
  const interleaved = interleavedRecordOverhead(trainer, recording, 6 * rounds);
  trainer.dispose();
  const base = median(plain);
  report({
    system: `monitor-${precision}-t${trainer.threads}`, plainSeconds: plain, snapshotSeconds: snapshots, gradCheckSeconds: gradChecks,
    snapshotOverhead: median(snapshots) / base - 1, gradCheckOverhead: median(gradChecks) / base,
    recordSeconds: interleaved.recordedEpochSeconds, recordPlainSeconds: interleaved.plainEpochSeconds, recordOverhead: interleaved.overhead, recordStride: recording.message().stride,
    plannedSteps: 20 * trainer.stepsPerEpoch,
    recordFrames: recording.allFrames().length, frameBytesMax: FRAME_BYTES_MAX, recordBytes: recordBytes(spec),
  });
}

/** Trains a spec file with the fast trainer; test accuracy after every epoch against training time. */
export function runAccuracy(specPath: string, target: number): void {
  const text = readFileSync(specPath, 'utf8');
  const { spec, dataset } = prepareRun(text, (p, as) => (as === 'text' ? readFileSync(p, 'utf8') : new Uint8Array(readFileSync(p))), {
    gunzip: (b) => new Uint8Array(gunzipSync(b)),
  });
  const trainer = new FastTrainer(spec, dataset, { threads: spec.training.threads ?? 1, startThread: startWorker, adoptData: true });
  let seconds = 0;
  let reachedAt: number | null = null;
  const curve: [number, number][] = [];
  for (let e = 0; e < spec.training.epochs; e++) {
    seconds += timeEpoch(trainer);
    const accuracy = trainer.evaluate('test').accuracy ?? NaN;
    curve.push([Number(seconds.toFixed(2)), accuracy]);
    if (reachedAt === null && accuracy >= target) reachedAt = seconds;
  }
  trainer.dispose();
  report({ system: 'accuracy', spec: specPath, threads: trainer.threads, curve, reachedAt, target, finalAccuracy: curve[curve.length - 1][1], trainSeconds: seconds });
}
