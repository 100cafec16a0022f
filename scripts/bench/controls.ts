/**
 * Controls and evaluation on Fashion-MNIST: one epoch's training time against its end-of-epoch evaluation (the
 * worker's: a 5,000-sample training sample plus the whole test split; and the old full evaluation of both splits),
 * and pause-to-paused latency in a real training worker (dist/worker.js, worker_threads) at random moments of a run.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { epochEvaluationOrders, evaluateEpoch } from '../../src/engine/train/epoch-evaluation';
import { FastTrainer } from '../../src/engine/fast/fastTrainer';
import type { Precision } from '../../src/engine/spec/types';
import type { HostToWorker, WorkerToHost } from '../../src/protocol';
import { timeEpoch } from './monitor';
import { fashionSpec, loadDataset, median, report, startWorker } from './common';

const seconds = (from: number): number => (performance.now() - from) / 1000;
const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))];

/** Per round: one epoch of training, the worker's end-of-epoch evaluation, and the full evaluation of both splits. */
function evaluationCost(precision: Precision, threads: number, rounds: number): Record<string, unknown> {
  const spec = fashionSpec(precision, threads);
  const data = loadDataset(spec);
  const trainer = new FastTrainer(spec, data, { threads, startThread: startWorker, adoptData: true });
  const orders = epochEvaluationOrders(data, spec.seed!);
  const train: number[] = [], evaluation: number[] = [], full: number[] = [];
  for (let r = 0; r < rounds; r++) {
    train.push(timeEpoch(trainer));
    let t = performance.now();
    evaluateEpoch(trainer, data, orders);
    evaluation.push(seconds(t));
    t = performance.now();
    trainer.evaluate('train');
    trainer.evaluate('test');
    full.push(seconds(t));
  }
  trainer.dispose();
  return { threads: trainer.threads, trainSamples: orders.train.length, trainSeconds: train, evaluationSeconds: evaluation, fullEvaluationSeconds: full, evaluationShare: median(evaluation) / median(train) };
}

/**
 * A real worker trains the spec (the machine's cores); `pauses` times: post pause at a random moment (after 50–1050 ms)
 * or, with `atEpochEnd`, as soon as an epoch's last step is reported (its evaluation then runs: 5,000 training samples
 * and the 10,000 test images, on 6,400 training images so that epochs are short), time until it says paused, resume.
 */
async function pauseLatency(precision: Precision, pauses: number, atEpochEnd: boolean): Promise<Record<string, unknown>> {
  const spec = fashionSpec(precision);
  delete spec.training.threads;
  spec.training.epochs = 1000;
  if (atEpochEnd) (spec.data as { limit?: number }).limit = 6400;
  const stepsPerEpoch = Math.ceil((atEpochEnd ? 6400 : 60_000) / spec.training.batchSize);
  const specPath = join(tmpdir(), `backprop-lens-bench-controls-${process.pid}.nn.json`);
  writeFileSync(specPath, JSON.stringify(spec));
  const worker = new Worker(resolve(__dirname, '../../dist/worker.js'));
  let waiting: ((m: WorkerToHost) => boolean) | null = null;
  let wake: () => void = () => undefined;
  let epochs = 0, evaluatingPauses = 0, lastProgressStep = 0;
  worker.on('message', (m: WorkerToHost) => {
    if (m.type === 'epoch') epochs++;
    if (m.type === 'progress') lastProgressStep = m.step;
    if (waiting?.(m)) { waiting = null; wake(); }
  });
  const until = (predicate: (m: WorkerToHost) => boolean) => new Promise<void>((r) => { waiting = predicate; wake = r; });
  const post = (m: HostToWorker) => worker.postMessage(m);
  post({ type: 'start', runId: 'bench', specPath, specText: JSON.stringify(spec), options: { snapshotEvery: 10, gradCheckEachEpoch: false, includeWeightGradients: false, allowDataOutsideWorkspace: true } });
  await until((m) => m.type === 'progress');
  const latencies: number[] = [];
  let rng = 12345;
  for (let i = 0; i < pauses; i++) {
    rng = (Math.imul(rng, 1103515245) + 12345) >>> 0;
    if (atEpochEnd) await until((m) => m.type === 'progress' && m.step % stepsPerEpoch === 0);
    else await new Promise((r) => setTimeout(r, 50 + (rng % 1000)));
    if (lastProgressStep % stepsPerEpoch === 0) evaluatingPauses++; // posted while the epoch's evaluation ran
    const sent = performance.now();
    const paused = until((m) => m.type === 'state' && m.state === 'paused');
    post({ type: 'pause' });
    await paused;
    latencies.push(performance.now() - sent);
    const running = until((m) => m.type === 'state' && m.state === 'running');
    post({ type: 'resume' });
    await running;
  }
  post({ type: 'stop' });
  await until((m) => m.type === 'finished');
  await worker.terminate();
  return {
    pauses, pausesDuringEvaluation: evaluatingPauses, epochsSeen: epochs,
    pauseMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), max: Math.max(...latencies) },
  };
}

export async function runControls(precision: Precision, rounds: number, pauses: number): Promise<void> {
  const cost = evaluationCost(precision, 1, rounds);
  const anyMoment = await pauseLatency(precision, pauses, false);
  const epochEnd = await pauseLatency(precision, Math.ceil(pauses / 2), true);
  report({ system: `controls-${precision}`, ...cost, anyMoment, epochEnd });
}
