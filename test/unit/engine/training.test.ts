import assert from 'node:assert/strict';
import { generateBuiltin } from '../../../src/engine/data';
import { ReferenceTrainer } from '../../../src/engine/train/trainer';
import type { NetworkSpec } from '../../../src/engine/spec/types';
import type { Split } from '../../../src/engine/data/dataset';

function spec(over: Partial<NetworkSpec>): NetworkSpec {
  return {
    name: 't', seed: 3, data: { builtin: 'xor', samples: 200, noise: 0 }, layers: [{ units: 2 }, { units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }],
    loss: 'cross_entropy', init: 'xavier', optimizer: { type: 'adam', learningRate: 0.03 }, training: { epochs: 1, batchSize: 10 }, ...over,
  };
}

function trainEpochs(s: NetworkSpec, epochs: number): ReferenceTrainer {
  const t = new ReferenceTrainer(s, generateBuiltin(s.data as never, s.seed ?? 1));
  for (let i = 0; i < epochs * t.stepsPerEpoch; i++) t.trainStep();
  return t;
}

/** Per-sample forward pass written out plainly (tanh hidden, sigmoid output): the oracle for evaluate(). */
function plainEvaluation(t: ReferenceTrainer, split: Split): { loss: number; accuracy: number } {
  const [hidden, output] = t.parameters();
  let loss = 0, correct = 0;
  for (let c = 0; c < split.count; c++) {
    const x = [0, 1].map((k) => split.x[c * 2 + k] * split.xScale);
    const h = Array.from({ length: hidden.units }, (_, j) => Math.tanh(hidden.biases[j] + x[0] * hidden.weights[2 * j] + x[1] * hidden.weights[2 * j + 1]));
    const z = h.reduce((sum, v, k) => sum + v * output.weights[k], output.biases[0]);
    const a = 1 / (1 + Math.exp(-z)), y = split.labels![c];
    loss += -(y * Math.log(a) + (1 - y) * Math.log(1 - a));
    correct += Number((a >= 0.5 ? 1 : 0) === y);
  }
  return { loss: loss / split.count, accuracy: correct / split.count };
}

describe('training', () => {
  it('evaluate() is the mean loss and the accuracy over every sample of the split, across its 256-sample chunks', () => {
    const s = spec({ data: { builtin: 'xor', samples: 1300, noise: 0.3, testFraction: 0.25 } });
    const t = trainEpochs(s, 2);
    for (const which of ['train', 'test'] as const) {
      const split = which === 'train' ? t.data.train : t.data.test;
      assert.ok(split.count > 256 && split.count % 256 !== 0, `${which}: ${split.count} samples span chunks`);
      const got = t.evaluate(which), want = plainEvaluation(t, split);
      assert.ok(Math.abs(got.loss - want.loss) < 1e-12, `${which} loss ${got.loss} vs ${want.loss}`);
      assert.equal(got.accuracy, want.accuracy);
    }
  });

  it('XOR converges', () => {
    const s = spec({});
    const before = trainEpochs(s, 0).evaluate('train');
    const t = trainEpochs(s, 60);
    const after = t.evaluate('train');
    assert.ok(after.loss < before.loss / 4, `loss ${before.loss} → ${after.loss}`);
    assert.ok(after.accuracy! >= 0.97, `accuracy ${after.accuracy}`);
  });

  it('spiral with 2-8-8-1 tanh reaches ≥ 95 % training accuracy', () => {
    const s = spec({
      data: { builtin: 'spiral', samples: 400, noise: 0 },
      layers: [{ units: 2 }, { units: 8, activation: 'tanh' }, { units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }],
      optimizer: { type: 'adam', learningRate: 0.02 }, training: { epochs: 1, batchSize: 10 },
    });
    const t = trainEpochs(s, 400);
    const acc = t.evaluate('train').accuracy!;
    assert.ok(acc >= 0.95, `training accuracy ${acc}`);
  });

  it('sgd, momentum and adam all lower the loss on a regression', () => {
    for (const optimizer of [{ type: 'sgd', learningRate: 0.05 }, { type: 'momentum', learningRate: 0.02 }, { type: 'adam', learningRate: 0.01 }] as const) {
      const s = spec({ data: { builtin: 'sine', samples: 200, noise: 0 }, layers: [{ units: 1 }, { units: 16, activation: 'tanh' }, { units: 1, activation: 'linear' }], loss: 'mse', optimizer });
      const before = trainEpochs(s, 0).evaluate('train').loss;
      const after = trainEpochs(s, 40).evaluate('train').loss;
      assert.ok(after < before / 3, `${optimizer.type}: ${before} → ${after}`);
    }
  });

  it('is bit-identical for the same spec and seed, and differs for another seed', () => {
    const losses = (seed: number) => {
      const s = spec({ seed, regularization: { l2: 1e-3 } });
      const t = new ReferenceTrainer(s, generateBuiltin(s.data as never, seed));
      return Array.from({ length: 50 }, () => t.trainStep().loss);
    };
    assert.deepEqual(losses(5), losses(5));
    assert.notDeepEqual(losses(5), losses(6));
  });

  it('snapshot hands out z, a, δ, σ′, ∂E/∂W and ∂E/∂b per layer with the right shapes', () => {
    const t = trainEpochs(spec({}), 0);
    assert.deepEqual(t.snapshot(), []);
    t.trainStep();
    const snap = t.snapshot();
    assert.equal(snap.length, 2);
    assert.equal(snap[0].delta.length, 8 * 10);
    assert.equal(snap[0].dW.length, 8 * 2);
    assert.equal(snap[1].db.length, 1);
    // BP3: ∂E/∂b is the batch mean of δ.
    const mean = snap[1].delta.reduce((s, v) => s + v, 0) / 10;
    assert.ok(Math.abs(snap[1].db[0] - mean) < 1e-15);
  });

  it('starts from given parameters instead of a random initialisation', () => {
    const s = spec({});
    const data = generateBuiltin(s.data as never, 3);
    const a = trainEpochs(s, 3);
    const b = new ReferenceTrainer({ ...s, seed: 99 }, data, { initial: a.parameters() });
    assert.deepEqual(b.parameters()[0].weights, a.parameters()[0].weights);
    assert.equal(b.evaluate('train').loss, a.evaluate('train').loss);
  });
});
