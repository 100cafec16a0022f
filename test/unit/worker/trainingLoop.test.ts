// The training worker with real worker_threads: a full run, pause/step/resume/stop in order, failures, gradient checks.
// How fast the controls land is measured by `npm run bench` (pause-to-paused latency), not asserted here.
import * as assert from 'node:assert/strict';
import { MAX_POINTS_PER_POST } from '../../../src/worker/trainingLoop';
import { MAX_EPOCH_ROWS } from '../../../src/protocol';
import { bucketMeans } from '../../../src/worker/messages';
import { TestWorker, sleep, specText } from './helpers';

/** A run long enough to still be training when the test talks to it. */
const LONG = specText({ training: { epochs: 100_000, batchSize: 4 } });

describe('progress points', () => {
  it('bucketMeans keeps few points as they are and averages many into buckets ending at their last step', () => {
    const points = Array.from({ length: 10 }, (_, i) => ({ step: i + 1, loss: i + 1 }));
    assert.equal(bucketMeans(points, 10), points);
    assert.deepEqual(bucketMeans(points, 4), [{ step: 3, loss: 2 }, { step: 6, loss: 5 }, { step: 9, loss: 8 }, { step: 10, loss: 10 }]);
  });
});

describe('training worker (real worker_threads)', function () {
  this.timeout(30_000);
  let w: TestWorker;
  beforeEach(() => { w = new TestWorker(); });
  afterEach(async () => { await w.terminate(); });

  it('trains a tiny xor spec to completion and sends its model and one metrics row per epoch', async () => {
    w.start(specText());
    const started = await w.waitFor('started');
    assert.equal(started.message.info.layers.length, 2);
    assert.equal(started.message.info.layers[0].specLine, 11, "layers[1] starts on line 12 of the pretty-printed spec");
    const { info, points: plane } = started.message;
    assert.ok(plane?.xy instanceof Float32Array, '2-D data: the points come with started');
    assert.equal(plane.targets.length, info.trainCount + info.testCount);
    assert.equal(plane.trainCount, info.trainCount);
    const finished = await w.waitFor('finished');
    assert.equal(finished.message.reason, 'completed');
    assert.equal(finished.message.metrics.length, 5);
    assert.ok(finished.message.metrics[4].loss < finished.message.metrics[0].loss, 'loss went down');
    assert.equal((finished.message.model as { format: string }).format, 'backprop-lens/model@1');
    const points = w.of('progress').flatMap((p) => p.points);
    assert.equal(points.at(-1)!.step, 5 * 25, '200 samples / batch 8 = 25 steps per epoch');
    assert.ok(points.every((p, i) => i === 0 || p.step > points[i - 1].step), 'in step order, each step at most once');
    assert.ok(w.of('progress').every((p) => p.points.length <= MAX_POINTS_PER_POST));
    assert.ok(w.of('snapshot').length >= 1);
  });

  it('records a 100-epoch blink of a run completely: ≥ 100 ‖δ‖ points per layer, every epoch, frames handed over before finished', async () => {
    w.start(specText({ training: { epochs: 100, batchSize: 8 } }));
    const finished = await w.waitFor('finished');
    const record = w.of('record').at(-1)!.record;
    const lastRecord = w.messages.map((m) => m.message.type).lastIndexOf('record');
    assert.ok(lastRecord >= 0 && lastRecord < finished.index, 'the last record comes before finished');
    for (const layer of record.layers) {
      assert.ok(layer.deltaNorm.mean.length >= 100, `layer ${layer.layer}: ${layer.deltaNorm.mean.length} ‖δ‖ points`);
      assert.ok(layer.deltaMap.columns >= 100, `layer ${layer.layer}: ${layer.deltaMap.columns} map columns`);
      assert.ok(layer.updateRatio.mean.every((r) => r > 0 && r < 1), 'the update ratio is a small positive number');
    }
    assert.equal(record.loss.count.reduce((s, c) => s + c, 0), 100 * 25, 'the loss of every step');
    assert.equal(record.epochs.trainLoss.count.reduce((s, c) => s + c, 0), 100, 'every epoch');
    const frames = w.of('frames').at(-1)!.frames;
    assert.ok(frames.length >= 10, `${frames.length} frames`);
    assert.deepEqual(frames.map((f) => f.step), record.frameSteps);
    assert.ok(frames[0].boundary, 'the first (spread) frame of 2-D data has its boundary');
  });

  it("answers 'requestFrame' with the kept frame at or before the step while paused", async () => {
    w.start(LONG);
    await w.waitFor('progress');
    w.post({ type: 'pause' });
    await w.waitFor('state', 0, 2000, (m) => m.state === 'paused');
    const record = (await w.waitFor('record', 0, 2000)).message.record;
    const wanted = record.frameSteps[Math.floor(record.frameSteps.length / 2)];
    w.post({ type: 'requestFrame', requestId: 7, step: wanted + 1 });
    const answer = await w.waitFor('frame', 0, 2000, (m) => m.requestId === 7);
    assert.ok(answer.message.frame, 'a frame came back');
    assert.ok(answer.message.frame.step <= wanted + 1 && answer.message.frame.step >= wanted, `frame at ${answer.message.frame.step}, asked ${wanted + 1}`);
    assert.ok(answer.message.frame.layers[0].delta instanceof Float32Array);
  });

  it('pauses, steps one mini-batch, resumes and stops, each in order and nothing trains while paused or after stop', async () => {
    // snapshotEvery 1: the stepped batch's snapshot is always due, so its loss point must come before it.
    w.start(LONG, { snapshotEvery: 1 });
    await w.waitFor('progress');
    await sleep(100);
    w.post({ type: 'pause' });
    await w.waitFor('state', 0, 10_000, (m) => m.state === 'paused');
    const stepAtPause = Math.max(...w.of('progress').flatMap((p) => p.points.map((q) => q.step)));
    await sleep(150);
    const mark = w.messages.length;
    await sleep(150);
    assert.equal(w.of('progress', mark).length, 0, 'no training while paused');

    w.post({ type: 'step' });
    const stepped = await w.waitFor('snapshot', mark, 10_000, (m) => m.snapshot.step === stepAtPause + 1);
    assert.deepEqual(w.of('progress', mark).flatMap((p) => p.points.map((q) => q.step)), [stepAtPause + 1], 'exactly one mini-batch, its loss point before its snapshot');
    assert.equal(stepped.message.snapshot.step, stepAtPause + 1);

    const resumeMark = w.messages.length;
    w.post({ type: 'resume' });
    await w.waitFor('progress', resumeMark, 10_000);
    w.post({ type: 'stop' });
    const finished = await w.waitFor('finished', resumeMark, 10_000);
    assert.equal(finished.message.reason, 'stopped');
    await sleep(100);
    assert.equal(w.of('progress', finished.index + 1).length, 0, 'nothing trains after stop');
  });

  it(`stops a long run at once: 'finished' carries at most ${MAX_EPOCH_ROWS} evenly spaced epoch rows (the first and the last), not every epoch`, async () => {
    w.start(specText({ data: { builtin: 'xor', samples: 20 }, training: { epochs: 1_000_000, batchSize: 16 } }));
    await w.waitFor('epoch', 0, 60_000, (m) => m.metrics.epoch > 3 * MAX_EPOCH_ROWS);
    const mark = w.messages.length;
    const sent = w.post({ type: 'stop' });
    const finished = await w.waitFor('finished', mark, 10_000);
    const rows = finished.message.metrics;
    const last = w.of('epoch', mark).at(-1)?.metrics.epoch ?? 0;
    console.log(`      'finished' ${(finished.at - sent).toFixed(0)} ms after 'stop', ${rows.length} rows up to epoch ${rows.at(-1)?.epoch}`);
    assert.ok(rows.length <= MAX_EPOCH_ROWS, `${rows.length} epoch rows`);
    assert.equal(rows[0].epoch, 1);
    assert.ok(rows.at(-1)!.epoch >= last, `the last row (${rows.at(-1)!.epoch}) is the last epoch posted (${last})`);
    assert.ok(rows.every((r, i) => i === 0 || r.epoch > rows[i - 1].epoch), 'ascending');
  });

  it('switches ∂E/∂W in the snapshots on and off for the running run, re-sending a paused run\'s snapshot', async () => {
    w.start(LONG, { startPaused: true });
    await w.waitFor('started');
    w.post({ type: 'step' });
    const first = await w.waitFor('snapshot');
    assert.equal(first.message.snapshot.layers[0].dW, undefined, 'off as the run options say');
    w.post({ type: 'setWeightGradients', enabled: true });
    const on = await w.waitFor('snapshot', first.index + 1);
    assert.equal(on.message.snapshot.step, first.message.snapshot.step, 'the paused step, re-sent');
    for (const l of on.message.snapshot.layers) assert.ok(l.dW instanceof Float32Array && l.dW.length === l.units * l.fanIn);
    w.post({ type: 'resume' });
    const running = await w.waitFor('snapshot', on.index + 1, 5000, (m) => m.snapshot.step > on.message.snapshot.step + 5);
    assert.ok(running.message.snapshot.layers.every((l) => l.dW), 'still on while running');
    w.post({ type: 'setWeightGradients', enabled: false });
    const mark = w.messages.length;
    await w.waitFor('snapshot', mark, 5000, (m) => m.snapshot.layers.every((l) => l.dW === undefined));
  });

  it('snapshots carry health findings once they hold over 5 snapshots: a run whose relu units are all dead says so', async () => {
    const dense = (units: number, fanIn: number, activation: string, bias: number) => ({ units, activation, weights: Array.from({ length: units }, () => Array(fanIn).fill(0.1)), biases: Array(units).fill(bias) });
    const model = { format: 'backprop-lens/model@1', layers: [{ units: 2 }, dense(6, 2, 'relu', -50), dense(2, 6, 'softmax', 0)] };
    w.start(specText({ layers: [{ units: 2 }, { units: 6, activation: 'relu' }, { units: 2, activation: 'softmax' }], training: { epochs: 100_000, batchSize: 4 } }), { snapshotEvery: 1 }, undefined, model);
    const found = await w.waitFor('snapshot', 0, 10_000, (m) => (m.snapshot.health?.length ?? 0) > 0);
    assert.deepEqual(found.message.snapshot.health!.map((f) => [f.layer, f.kind, f.suggestion]), [[1, 'dead-units', 'leaky_relu']]);
    const earlier = w.of('snapshot').slice(0, 4);
    assert.equal(earlier.length, 4);
    assert.ok(earlier.every((s) => (s.snapshot.health ?? []).length === 0), 'not before five snapshots');
    w.post({ type: 'stop' });
    await w.waitFor('finished');
  });

  it('runs a gradient check on the current weights of a paused run', async () => {
    w.start(LONG, { startPaused: true });
    await w.waitFor('state', 0, 5000, (m) => m.state === 'paused');
    w.post({ type: 'step' });
    w.post({ type: 'step' });
    w.post({ type: 'gradcheck' });
    const check = await w.waitFor('gradcheck');
    assert.equal(check.message.result.step, 2);
    assert.equal(check.message.result.passed, true);
    assert.equal(check.message.result.layers.length, 2);
    assert.ok(check.message.result.layers.every((l) => l.weights.maxRelError < 1e-4));
  });

  it('refuses an invalid spec with one located message and trains nothing', async () => {
    w.start(specText({ loss: 'hinge' }));
    const failed = await w.waitFor('failed');
    assert.match(failed.message.message, /^The spec is not valid: line \d+, column \d+: .*loss/);
    assert.equal(w.of('started').length, 0);
    assert.equal(w.of('progress').length, 0);
  });

  it('stops when the loss becomes NaN/Inf and names the step and a layer', async () => {
    w.start(specText({
      data: { builtin: 'sine', samples: 100 }, layers: [{ units: 1 }, { units: 8, activation: 'relu' }, { units: 1, activation: 'linear' }],
      loss: 'mse', optimizer: { type: 'sgd', learningRate: 1e6 }, training: { epochs: 1000, batchSize: 10 },
    }));
    const failed = await w.waitFor('failed');
    const report = failed.message.nonFinite;
    assert.ok(report, 'a non-finite report');
    assert.ok(report.step >= 1);
    assert.ok(report.layer === 1 || report.layer === 2, `layer ${report.layer}`);
    assert.match(failed.message.message, new RegExp(`at step ${report.step} .*layer ${report.layer}`));
    const mark = w.messages.length;
    await sleep(100);
    assert.equal(w.of('progress', mark).length, 0, 'the run stopped');
  });
});
