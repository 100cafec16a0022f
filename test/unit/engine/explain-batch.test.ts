// Explain a training step: the batch mean of BP3/BP4 equals backward()'s ∂E/∂W and ∂E/∂b (and the trainer's snapshot),
// and the optimizer's line for one weight and one bias reproduces the trainer's actual update (sgd, momentum, adam,
// with L2), for the reference trainer and the fast trainer in float64.
import assert from 'node:assert/strict';
import { explainTrainingBatch } from '../../../src/engine/explain/requests';
import { chooseTrainer, prepareRun } from '../../../src/engine/train/run';
import type { Trainer } from '../../../src/engine/train/training-types';
import type { ParameterStep } from '../../../src/engine/explain/batch-step';
import { ExplainRangeError } from '../../../src/engine/explain/unit';
import { specText } from '../worker/helpers';

const OPTIMIZERS: Record<string, unknown>[] = [
  { type: 'sgd', learningRate: 0.3 },
  { type: 'momentum', learningRate: 0.1, momentum: 0.8 },
  { type: 'adam', learningRate: 0.05, beta1: 0.85, beta2: 0.99 },
];

/** A 2-6-5-2 xor network, batch 8, with the optimizer and optional L2. */
function setup(optimizer: Record<string, unknown>, fast: boolean, l2 = 0) {
  const layers = [{ units: 2 }, { units: 6, activation: 'tanh' }, { units: 5, activation: 'relu' }, { units: 2, activation: 'softmax' }];
  const text = specText({ layers, optimizer, ...(l2 ? { regularization: { l2 } } : {}), training: { epochs: 5, batchSize: 8 } });
  const { spec, dataset } = prepareRun(text, () => { throw new Error('builtin data reads no file'); });
  const trainer = chooseTrainer(spec, dataset, fast ? {} : { fast: false }).trainer;
  return { spec, dataset, trainer };
}

function close(actual: number, expected: number, what: string, tolerance: number): void {
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1e-12, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

/** The trained value of one parameter after the step. */
function trainedValue(trainer: Trainer, s: ParameterStep): number {
  const p = trainer.parameters()[s.layer - 1];
  return s.parameter === 'bias' ? p.biases[s.unit] : p.weights[s.unit * p.fanIn + s.input!];
}

for (const fast of [false, true]) {
  const exact = fast ? 1e-12 : 0;
  describe(`explain a training step (${fast ? 'fast float64' : 'reference'} trainer)`, () => {
    for (const optimizer of OPTIMIZERS) {
      for (const l2 of [0, 0.01]) {
        it(`${optimizer.type}${l2 ? ' with L2' : ''}: batch mean = backward()'s gradient = the snapshot's; the update line gives the trained value, for 4 steps`, () => {
          const { spec, dataset, trainer } = setup(optimizer, fast, l2);
          for (let step = 1; step <= 4; step++) {
            const params = trainer.parameters(), state = trainer.optimizerState();
            trainer.trainStep();
            const snapshot = trainer.snapshot(), positions = trainer.lastBatchSamples();
            for (const [layer, unit] of [[1, 0], [1, 5], [2, 3], [3, 1]]) {
              const e = explainTrainingBatch(spec, dataset, params, state, positions, { layer, unit });
              const where = `step ${step} layer ${layer} unit ${unit}`;
              const s = snapshot[layer - 1], row = Array.from(s.dW.subarray(unit * s.fanIn, (unit + 1) * s.fanIn), Math.abs);
              assert.equal(e.weight.input, row.indexOf(Math.max(...row)), `${where}: the weight with the largest |∂E/∂W_jk|`);
              for (const p of [e.weight, e.bias]) {
                close(p.batch.mean, p.batch.engine, `${where} ${p.parameter}: (1/m) Σ shares vs backward()`, 1e-12);
                assert.equal(p.batch.shares.length, 8);
                const snap = p.parameter === 'bias' ? s.db[unit] : s.dW[unit * s.fanIn + p.input!];
                close(p.batch.engine, snap, `${where} ${p.parameter}: backward() vs the trainer's snapshot`, exact);
                close(p.update.after, trainedValue(trainer, p), `${where} ${p.parameter}: ${p.update.type} update vs the trained value`, fast ? 1e-12 : 0);
              }
            }
          }
          trainer.dispose();
        });
      }
    }
  });
}

describe('explain a training step: its numbers', () => {
  it('adam: m, v, m̂, v̂ follow the equations with t = the update number; L2 adds λW to the weight gradient only', () => {
    const { spec, dataset, trainer } = setup(OPTIMIZERS[2], false, 0.01);
    trainer.trainStep();
    const params = trainer.parameters(), state = trainer.optimizerState();
    trainer.trainStep();
    const e = explainTrainingBatch(spec, dataset, params, state, trainer.lastBatchSamples(), { layer: 2, unit: 1, input: 4 });
    assert.equal(e.chosen, 'asked');
    assert.equal(e.weight.input, 4);
    const u = e.weight.update, adam = u.adam!;
    assert.equal(adam.t, 2);
    assert.equal(u.gradient, u.batchGradient + 0.01 * u.before);
    assert.equal(e.bias.update.gradient, e.bias.update.batchGradient, 'no decay on biases');
    close(adam.m, 0.85 * adam.mBefore + 0.15 * u.gradient, 'm', 1e-15);
    close(adam.v, 0.99 * adam.vBefore + 0.01 * u.gradient ** 2, 'v', 1e-15);
    close(adam.mHat, adam.m / (1 - 0.85 ** 2), 'm̂', 1e-15);
    close(adam.vHat, adam.v / (1 - 0.99 ** 2), 'v̂', 1e-15);
    close(u.step, -0.05 * adam.mHat / (Math.sqrt(adam.vHat) + 1e-8), 'Δθ', 1e-15);
    assert.notEqual(adam.mBefore, 0, 'the state before the step is the first update\'s');
  });

  it('refuses an input the layer does not have', () => {
    const { spec, dataset, trainer } = setup(OPTIMIZERS[0], false);
    const params = trainer.parameters(), state = trainer.optimizerState();
    trainer.trainStep();
    assert.throws(() => explainTrainingBatch(spec, dataset, params, state, trainer.lastBatchSamples(), { layer: 2, unit: 0, input: 6 }),
      (e: unknown) => e instanceof ExplainRangeError && /input 6 does not exist: the weights of layer 2 have inputs 0 to 5/.test(e.message));
  });
});
