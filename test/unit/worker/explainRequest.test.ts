// 'explain' in the training loop (in process): the explained δ of a unit for a batch column is the δ cell the monitor's
// snapshot shows for that column, for every layer, unit and column, also across an epoch end (the order reshuffles).
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { prepareRun, chooseTrainer } from '../../../src/engine/train/run';
import type { ExplanationAnswer, HostToWorker, RunOptions, Snapshot, WorkerToHost } from '../../../src/protocol';
import { TrainingLoop } from '../../../src/worker/trainingLoop';
import { nodeWorkerPlatform } from '../../../src/worker/nodePlatform';
import { RUNNING_SENTENCE } from '../../../src/worker/explainRequest';
import { OPTIONS, specText } from './helpers';

/** 200 xor points, batch 8: 25 steps an epoch; tanh hidden layer, softmax + cross-entropy output (fused BP1). */
const SPEC = specText({ training: { epochs: 3, batchSize: 8 } });

class Loop {
  readonly messages: WorkerToHost[] = [];
  private readonly queue: (() => void)[] = [];
  private time = 0;
  readonly loop = new TrainingLoop({ post: (m) => { this.messages.push(m); } }, () => (this.time += 1), (next) => this.queue.push(next), nodeWorkerPlatform);
  send(message: HostToWorker): void { this.loop.handle(message); }
  start(text: string, options: Partial<RunOptions> = {}): void {
    this.send({ type: 'start', runId: 't', specPath: join(__dirname, 'spec.nn.json'), specText: text, options: { ...OPTIONS, ...options } });
  }
  tick(): void { this.queue.shift()?.(); }
  drain(): void { for (let i = 0; i < 1000 && this.queue.length; i++) this.queue.shift()!(); }
  lastSnapshot(): Snapshot { return this.messages.filter((m) => m.type === 'snapshot').at(-1)!.snapshot; }
  explain(layer: number, unit: number, column: number | null, input?: number): ExplanationAnswer {
    const requestId = this.messages.length + 1;
    this.send({ type: 'explain', requestId, layer, unit, column, ...(input === undefined ? {} : { input }) });
    const answer = this.messages.find((m) => m.type === 'explanation' && m.requestId === requestId);
    assert.ok(answer && answer.type === 'explanation', 'answered at once');
    return answer;
  }
}

/** Relative difference at float32 precision (the snapshot travels as Float32Array). */
function assertFloat32Close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-6 * Math.max(1, Math.abs(expected)) + 1e-7, `${what}: explained ${actual}, snapshot ${expected}`);
}

/** Every (layer, unit, column) of the last snapshot: δ, σ′ and BP2's sum (the upstream factor) as the snapshot has them. */
function assertMatchesSnapshot(loop: Loop): void {
  const snapshot = loop.lastSnapshot();
  for (const layer of snapshot.layers) {
    for (let unit = 0; unit < layer.units; unit++) {
      for (let column = 0; column < layer.batchSize; column++) {
        const answer = loop.explain(layer.layer, unit, column);
        assert.equal(answer.step, snapshot.step);
        const e = answer.explanation;
        assert.ok(e, `layer ${layer.layer} unit ${unit} column ${column}: ${answer.error}`);
        const cell = unit * layer.batchSize + column;
        const where = `step ${snapshot.step} layer ${layer.layer} unit ${unit} column ${column}`;
        assertFloat32Close(e.delta, layer.delta[cell], `δ at ${where}`);
        if (e.sigmaPrime !== null) assertFloat32Close(e.sigmaPrime, layer.sigmaPrime[cell], `σ′ at ${where}`);
        if (e.hidden) assertFloat32Close(e.hidden.sum, layer.upstream[cell], `(Wᵀδ) at ${where}`);
        const traced = answer.trace?.layers[layer.layer];
        assert.ok(traced, `the network diagram's trace at ${where}`);
        assertFloat32Close(traced.delta[traced.shown.indexOf(unit)], layer.delta[cell], `the trace's δ at ${where}`);
      }
    }
  }
}

describe("worker: 'explain' a δ cell of the last mini-batch", () => {
  it('explains every cell of a stepped batch as the snapshot shows it, also the batch that ends an epoch', () => {
    const loop = new Loop();
    loop.start(SPEC, { startPaused: true });
    loop.send({ type: 'step' });
    assertMatchesSnapshot(loop);
    for (let i = 0; i < 24; i++) loop.send({ type: 'step' });
    loop.drain();
    assert.equal(loop.lastSnapshot().step, 25, 'the last step of epoch 1 (the order is reshuffled after it)');
    assertMatchesSnapshot(loop);
    loop.send({ type: 'step' });
    loop.drain();
    assertMatchesSnapshot(loop);
  });

  it('explains float32 training (the fast trainer) to float32 precision', () => {
    const loop = new Loop();
    loop.start(specText({ precision: 'float32', training: { epochs: 3, batchSize: 8 } }), { startPaused: true });
    for (let i = 0; i < 3; i++) loop.send({ type: 'step' });
    const started = loop.messages.find((m) => m.type === 'started');
    assert.ok(started?.type === 'started' && started.info.precision === 'float32' && started.info.trainer === 'fast', 'trained by the fast trainer in float32');
    const snapshot = loop.lastSnapshot(), layer = snapshot.layers[0];
    for (let column = 0; column < layer.batchSize; column++) {
      const e = loop.explain(1, 0, column).explanation!;
      assert.ok(Math.abs(e.delta - layer.delta[column]) <= 1e-4 * Math.max(1e-3, Math.abs(layer.delta[column])) + 1e-6, `column ${column}: ${e.delta} vs ${layer.delta[column]}`);
    }
  });

  it('says why it cannot explain: a running run, a batch trained while running, a column or unit that does not exist', () => {
    const loop = new Loop();
    loop.start(specText({ training: { epochs: 1000, batchSize: 8 } }));
    loop.tick();
    assert.equal(loop.explain(1, 0, 0).error, RUNNING_SENTENCE);
    loop.send({ type: 'pause' });
    const afterPause = loop.explain(1, 0, 0);
    assert.equal(afterPause.explanation, null);
    assert.match(afterPause.error!, /^Press Step, then click a δ cell: step \d+ was trained while running/);
    loop.send({ type: 'step' });
    assert.ok(loop.explain(1, 0, 0).explanation, 'after a step taken while paused it explains');
    assert.match(loop.explain(1, 0, 8).error!, /column 8 does not exist: the mini-batch of step \d+ has columns 0 to 7/);
    assert.match(loop.explain(1, 6, 0).error!, /unit 6 does not exist: layer 1 has units 0 to 5/);
    assert.match(loop.explain(3, 0, 0).error!, /layer 3 does not exist/);
  });
});

describe("worker: 'explain' a training step (batch mean and update)", () => {
  for (const precision of ['float64', 'float32'] as const) {
    it(`${precision}: the batch means are the snapshot's ∂E/∂W and ∂E/∂b, and the update reproduces the trained weight and bias (momentum, L2)`, () => {
      const loop = new Loop();
      const optimizer = { type: 'momentum', learningRate: 0.2, momentum: 0.9 };
      loop.start(specText({ precision, optimizer, regularization: { l2: 0.01 }, training: { epochs: 3, batchSize: 8 } }), { startPaused: true, includeWeightGradients: true });
      for (let i = 0; i < 3; i++) loop.send({ type: 'step' });
      const snapshot = loop.lastSnapshot();
      const tolerance = precision === 'float32' ? 1e-5 : 1e-12;
      for (const [layer, unit, column, input] of [[1, 2, 5, undefined], [2, 1, 0, 3], [1, 4, null, 1]] as const) {
        const answer = loop.explain(layer, unit, column, input);
        const t = answer.training!, s = snapshot.layers[layer - 1];
        assert.ok(t, `layer ${layer} unit ${unit}: ${answer.error}`);
        assert.equal(answer.explanation === null, column === null, 'a ∂E/∂W cell (no column) has no one-sample part');
        const row = Array.from(s.dW!.subarray(unit * s.fanIn, (unit + 1) * s.fanIn), Math.abs);
        assert.equal(t.weight.input, input ?? row.indexOf(Math.max(...row)));
        assertFloat32Close(t.weight.batch.mean, s.dW![unit * s.fanIn + t.weight.input!], 'weight batch mean vs the snapshot');
        assertFloat32Close(t.bias.batch.mean, s.deltaMean[unit], 'bias batch mean vs the snapshot (batch-mean δ)');
        for (const p of [t.weight, t.bias]) {
          assert.ok(Math.abs(p.update.after - p.trained!) <= tolerance * Math.max(1e-3, Math.abs(p.trained!)), `${p.parameter}: ${p.update.after} vs trained ${p.trained}`);
          assert.notEqual(p.update.velocity!.before, 0, 'the velocity before step 3 is not zero');
        }
      }
    });
  }
});

describe('trainers: which samples formed the last mini-batch', () => {
  for (const fast of [false, true]) {
    it(`${fast ? 'fast' : 'reference'} trainer: lastBatchSamples() is the batch in column order, across an epoch's reshuffle`, () => {
      const { spec, dataset } = prepareRun(SPEC, () => { throw new Error('builtin data reads no file'); });
      const trainer = chooseTrainer(spec, dataset, fast ? {} : { fast: false }).trainer;
      const reference = chooseTrainer(spec, dataset, { fast: false }).trainer;
      assert.deepEqual(trainer.lastBatchSamples(), new Int32Array(0), 'nothing before the first step');
      const seen = new Set<number>();
      for (let step = 1; step <= 26; step++) {
        trainer.trainStep(); reference.trainStep();
        const samples = trainer.lastBatchSamples();
        assert.equal(samples.length, 8);
        if (step <= 25) samples.forEach((s) => seen.add(s));
        assert.deepEqual(samples, reference.lastBatchSamples(), `step ${step}: the same batch as the reference trainer`);
      }
      assert.equal(seen.size, 200, 'epoch 1 visited every sample once');
      trainer.dispose(); reference.dispose();
    });
  }
});
