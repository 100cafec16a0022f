// The training loop in process, with a manual scheduler and a counting clock: the ORDER in which controls and
// results land, not how many milliseconds they take (the bench measures those: `npm run bench`).
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { epochEvaluationOrders, evaluateEpoch } from '../../../src/engine/train/epoch-evaluation';
import { parametersFromModelJson } from '../../../src/engine/model/model';
import { prepareRun } from '../../../src/engine/train/run';
import { ReferenceTrainer } from '../../../src/engine/train/trainer';
import type { HostToWorker, RunOptions, WorkerToHost } from '../../../src/protocol';
import { MIN_SNAPSHOT_MS, PROGRESS_EVERY_MS, TrainingLoop } from '../../../src/worker/trainingLoop';
import { nodeWorkerPlatform } from '../../../src/worker/nodePlatform';
import { OPTIONS, specText } from './helpers';

/** 3,000 xor points (2,250 train, 750 test), batch 50: 45 steps per epoch, an evaluation of many chunks. */
const SPEC = specText({ data: { builtin: 'xor', samples: 3000, testFraction: 0.25 }, training: { epochs: 3, batchSize: 50 } });
const STEPS_PER_EPOCH = 45;

/**
 * A loop whose yields are queued here and run one at a time by the test; its clock ticks 5 ms per reading, so an
 * epoch's evaluation (60 readings) spans several progress posts (PROGRESS_EVERY_MS) whatever else reads the clock.
 */
class Harness {
  readonly messages: WorkerToHost[] = [];
  /** Per message: the clock reading and the yield (chunk) it was posted in. */
  readonly posted: { at: number; chunk: number }[] = [];
  private readonly queue: (() => void)[] = [];
  private time = 0;
  private chunks = 0;
  readonly loop = new TrainingLoop({ post: (m) => { this.messages.push(m); this.posted.push({ at: this.time, chunk: this.chunks }); } }, () => (this.time += 5), (next) => this.queue.push(() => { this.chunks++; next(); }), nodeWorkerPlatform);

  send(message: HostToWorker): void { this.loop.handle(message); }
  start(text = SPEC, options: Partial<RunOptions> = {}): void {
    this.send({ type: 'start', runId: 't', specPath: join(__dirname, 'spec.nn.json'), specText: text, options: { ...OPTIONS, ...options } });
  }

  /** Runs queued chunks one by one until `until` holds; returns how many ran (yields). */
  runUntil(until: () => boolean, limit = 100_000): number {
    let yields = 0;
    while (!until()) {
      const next = this.queue.shift();
      if (!next) throw new Error(`nothing scheduled; messages: ${this.messages.map((m) => m.type).join(', ')}`);
      next();
      if (++yields > limit) throw new Error('too many yields');
    }
    return yields;
  }

  get idle(): boolean { return this.queue.length === 0; }
  index(predicate: (m: WorkerToHost) => boolean): number { return this.messages.findIndex(predicate); }
  lastStep(): number { return Math.max(0, ...this.messages.flatMap((m) => (m.type === 'progress' ? m.points.map((p) => p.step) : []))); }
  epochRows(): number[] { return this.messages.flatMap((m) => (m.type === 'epoch' ? [m.metrics.epoch] : [])); }
}

const isState = (state: string) => (m: WorkerToHost) => m.type === 'state' && m.state === state;

describe('training loop: controls land between evaluation chunks (order, not milliseconds)', () => {
  it('a pause posted while epoch 1 is being evaluated is honoured before the evaluation completes; the row follows while paused', () => {
    const h = new Harness();
    h.start();
    h.runUntil(() => h.lastStep() >= STEPS_PER_EPOCH);
    assert.equal(h.lastStep(), STEPS_PER_EPOCH, 'training stops at the epoch end while it is evaluated');
    assert.deepEqual(h.epochRows(), [], 'the evaluation is still under way');
    h.send({ type: 'pause' });
    const yields = h.runUntil(() => h.epochRows().length === 1);
    assert.ok(yields >= 2, `the evaluation took ${yields} more yields`);
    assert.ok(h.index(isState('paused')) < h.index((m) => m.type === 'epoch'), 'paused before the epoch row');
    assert.equal(h.lastStep(), STEPS_PER_EPOCH, 'nothing trained while paused');
    h.runUntil(() => h.idle);
    assert.equal(h.lastStep(), STEPS_PER_EPOCH);
  });

  it("the row is the evaluation of the epoch's final weights: a fixed training sample (here all 2,250) and the whole test split", () => {
    const h = new Harness();
    h.start();
    h.runUntil(() => h.lastStep() >= STEPS_PER_EPOCH);
    h.send({ type: 'pause' });
    h.runUntil(() => h.epochRows().length === 1);
    h.send({ type: 'requestModel', requestId: 1 });
    const model = h.messages.find((m) => m.type === 'model')!;
    assert.equal(model.type, 'model');
    const row = h.messages.find((m) => m.type === 'epoch')!;
    assert.equal(row.type, 'epoch');
    const { spec, dataset } = prepareRun(SPEC, () => { throw new Error('builtin data'); });
    const reference = new ReferenceTrainer(spec, dataset, { initial: parametersFromModelJson(model.model) });
    const want = evaluateEpoch(reference, dataset, epochEvaluationOrders(dataset, spec.seed!));
    assert.equal(want.trainSamples, 2250);
    assert.ok(Math.abs(row.metrics.loss - want.train.loss) < 1e-9, `${row.metrics.loss} vs ${want.train.loss}`);
    assert.ok(Math.abs(row.metrics.testLoss! - want.test!.loss) < 1e-9);
    assert.equal(row.metrics.accuracy, want.train.accuracy);
    assert.equal(row.metrics.testAccuracy, want.test!.accuracy);
    assert.deepEqual([row.metrics.epoch, row.metrics.step], [1, STEPS_PER_EPOCH]);
  });

  it('a stop posted during the evaluation ends the run at once, without that epoch\'s row', () => {
    const h = new Harness();
    h.start();
    h.runUntil(() => h.lastStep() >= STEPS_PER_EPOCH);
    h.send({ type: 'stop' });
    const finished = h.messages.find((m) => m.type === 'finished');
    assert.ok(finished && finished.type === 'finished');
    assert.equal(finished.reason, 'stopped');
    assert.deepEqual(finished.metrics, []);
    h.runUntil(() => h.idle);
    assert.deepEqual(h.epochRows(), [], 'no row after the stop');
  });

  it('a step posted while paused during the evaluation lands after the epoch row, as the next epoch\'s first step', () => {
    const h = new Harness();
    h.start();
    h.runUntil(() => h.lastStep() >= STEPS_PER_EPOCH);
    h.send({ type: 'pause' });
    h.send({ type: 'step' });
    const row = h.index((m) => m.type === 'epoch');
    const stepped = h.index((m) => m.type === 'progress' && m.points.some((p) => p.step === STEPS_PER_EPOCH + 1));
    assert.ok(row >= 0 && stepped > row, `epoch row at ${row}, stepped point at ${stepped}`);
    assert.equal(h.lastStep(), STEPS_PER_EPOCH + 1, 'exactly one step');
  });

  it('a run completes after its last epoch is evaluated: three rows, then finished', () => {
    const h = new Harness();
    h.start();
    h.runUntil(() => h.messages.some((m) => m.type === 'finished'));
    const finished = h.messages.find((m) => m.type === 'finished')!;
    assert.equal(finished.type === 'finished' && finished.reason, 'completed');
    assert.deepEqual(h.epochRows(), [1, 2, 3]);
    assert.ok(h.index((m) => m.type === 'epoch' && m.metrics.epoch === 3) < h.index((m) => m.type === 'finished'));
    assert.equal(h.lastStep(), 3 * STEPS_PER_EPOCH);
  });

  it('a fast run sends the host few messages: progress with the latest epoch row ≥ PROGRESS_EVERY_MS apart, snapshots ≥ MIN_SNAPSHOT_MS apart, many steps per chunk', () => {
    const h = new Harness();
    h.start(specText({ training: { epochs: 100_000, batchSize: 4 } }), { snapshotEvery: 1 });
    h.runUntil(() => h.lastStep() >= 5000);
    const perChunk = (type: string) => {
      const counts = new Map<number, number>();
      h.messages.forEach((m, i) => { if (m.type === type) counts.set(h.posted[i].chunk, (counts.get(h.posted[i].chunk) ?? 0) + 1); });
      return Math.max(...counts.values());
    };
    assert.equal(perChunk('progress'), 1);
    assert.equal(perChunk('epoch'), 1);
    const progressTimes = h.posted.filter((_, i) => h.messages[i].type === 'progress').map((p) => p.at);
    assert.ok(progressTimes.length > 10);
    assert.ok(progressTimes.every((t, i) => i === 0 || t - progressTimes[i - 1] >= PROGRESS_EVERY_MS), 'at most one progress per PROGRESS_EVERY_MS');
    const snapshotTimes = h.posted.filter((_, i) => h.messages[i].type === 'snapshot').map((p) => p.at);
    assert.ok(snapshotTimes.length > 10);
    assert.ok(snapshotTimes.every((t, i) => i === 0 || t - snapshotTimes[i - 1] >= MIN_SNAPSHOT_MS), 'at most one snapshot per MIN_SNAPSHOT_MS');
    const chunks = new Set(h.posted.map((p) => p.chunk)).size;
    assert.ok(h.lastStep() / chunks > 2, `${h.lastStep()} steps in ${chunks} chunks: a chunk trains until CHUNK_MS has passed`);
    assert.ok(h.epochRows().length > 50, 'epochs end and are evaluated inside the chunks');
  });
});
