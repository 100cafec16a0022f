// Numerics: a run whose loss or δ stops being finite stops naming the step and the layer, and the gradient check of
// the last finite weights tells a diverged run (learning rate) from a wrong derivative (a bug).
import * as assert from 'node:assert/strict';
import { tanh } from '../../../src/engine/nn/activations';
import { diagnoseDivergence, DivergenceWatch } from '../../../src/engine/monitor/divergence';
import { createTrainer, prepareRun } from '../../../src/engine/train/run';
import { TestWorker } from '../worker/helpers';
import { cli, specText, tempDir, writeIn } from './helpers';

/** sine regression with a linear output and a learning rate that makes it blow up within ~100 steps. */
const EXPLODING = specText({
  data: { builtin: 'sine', samples: 200 }, layers: [{ units: 1 }, { units: 8, activation: 'tanh' }, { units: 1, activation: 'linear' }],
  loss: 'mse', optimizer: { type: 'sgd', learningRate: 5 }, training: { epochs: 500, batchSize: 16 },
});
const noFiles = () => { throw new Error('no files'); };

/** Runs the spec until the loss is not finite; the watch and the step it happened at. */
function trainUntilNonFinite(text: string): { watch: DivergenceWatch; step: number; run: ReturnType<typeof prepareRun> } {
  const run = prepareRun(text, noFiles);
  const trainer = createTrainer(run.spec, run.dataset);
  const watch = new DivergenceWatch();
  for (let i = 0; i < 50_000; i++) {
    watch.beforeStep(trainer);
    const r = trainer.trainStep();
    watch.afterStep(r.loss);
    if (!Number.isFinite(r.loss)) return { watch, step: r.step, run };
  }
  throw new Error('the run did not diverge');
}

/** Replaces tanh's σ' by a wrong one (2·(1 − a²)) while `body` runs. */
function withWrongTanhDerivative<T>(body: () => T): T {
  const original = tanh.derivativeInto;
  (tanh as { derivativeInto: typeof original }).derivativeInto = (z, a, out) => { original(z, a, out); for (let i = 0; i < out.data.length; i++) out.data[i] *= 2; };
  try {
    return body();
  } finally {
    (tanh as { derivativeInto: typeof original }).derivativeInto = original;
  }
}

describe('reliability: non-finite loss and δ', function () {
  this.timeout(30_000);

  it('the watch keeps the last and first weights whose loss was finite, never a later one', () => {
    const { watch, step } = trainUntilNonFinite(EXPLODING);
    assert.ok(watch.lastFinite && watch.firstFinite);
    assert.equal(watch.firstFinite.step, 0, 'the initial weights');
    assert.ok(watch.lastFinite.step < step - 1 && watch.lastFinite.step >= step - 26, `checkpoint before step ${watch.lastFinite.step + 1}, NaN at ${step}`);
  });

  it('an exploding run with correct derivatives is diagnosed as diverged: the learning rate is too high', () => {
    const { watch, run } = trainUntilNonFinite(EXPLODING);
    const d = diagnoseDivergence(run.spec, run.dataset, watch.lastFinite, watch.firstFinite);
    assert.equal(d.verdict, 'diverged');
    assert.match(d.sentence, /gradients are correct[:;] .*the learning rate \(5\) is too high and the run diverged/);
  });

  it('the same run with a wrong σ\' in layer 1 is diagnosed as a wrong derivative in layer 1', () => {
    withWrongTanhDerivative(() => {
      const { watch, run } = trainUntilNonFinite(EXPLODING);
      const d = diagnoseDivergence(run.spec, run.dataset, watch.lastFinite, watch.firstFinite);
      assert.equal(d.verdict, 'wrong-derivative');
      assert.match(d.sentence, /the gradient check fails in layer 1 .*a derivative is wrong, not the learning rate/);
    });
  });

  it('a loss that is not finite from the first step has no weights to check, and says what to look at', () => {
    const d = diagnoseDivergence(prepareRun(EXPLODING, noFiles).spec, prepareRun(EXPLODING, noFiles).dataset, null, null);
    assert.equal(d.verdict, 'unchecked');
    assert.match(d.sentence, /not finite from the first step.*normalize/);
  });

  it('CLI: names the step, the layer and the diagnosis (exit 1)', () => {
    const r = cli(['train', writeIn(tempDir(), 'explode.nn.json', EXPLODING)]);
    assert.equal(r.code, 1);
    assert.match(r.err, /the loss became (NaN|Infinity) at step \d+ \(epoch \d+\) in (the output layer 2 \(layers\[2\]\)|layer 1 \(layers\[1\]\)); .*gradients are correct[:;] .*the learning rate \(5\) is too high and the run diverged\./);
  });

  it('CLI: with a wrong derivative it says which layer is wrong', () => {
    const r = withWrongTanhDerivative(() => cli(['train', writeIn(tempDir(), 'explode.nn.json', EXPLODING)]));
    assert.equal(r.code, 1);
    assert.match(r.err, /at step \d+ .*the gradient check fails in layer 1 .*a derivative is wrong/);
  });

  it('worker: the failed message names step and layer with the diagnosis, after posting the gradient check it ran', async () => {
    const w = new TestWorker();
    try {
      w.start(EXPLODING);
      const failed = await w.waitFor('failed');
      const report = failed.message.nonFinite!;
      assert.match(failed.message.message, new RegExp(`at step ${report.step} \\(epoch ${Math.ceil(report.step / 13)}\\).*layer ${report.layer}.*Diagnosis: .*gradients are correct[:;] .*the learning rate \\(5\\) is too high`));
      const checks = w.of('gradcheck');
      assert.equal(checks.length, 1);
      assert.equal(checks[0].result.passed, true);
      assert.ok(w.messages.findIndex((m) => m.message.type === 'gradcheck') < failed.index, 'the check is posted before the failure');
    } finally {
      await w.terminate();
    }
  });
});
