// L2 has one truth: the optimizer adds λW to ∂E/∂W (the gradient of λ/2·‖W‖²), the reported loss and the gradient
// check are the data loss E alone, the schema says so, and the fast and reference trainers agree.
import assert from 'node:assert/strict';
import { buildDataset } from '../../../src/engine/data';
import { FastTrainer } from '../../../src/engine/fast/fastTrainer';
import { NN_SPEC_SCHEMA } from '../../../src/engine/spec/schema';
import type { NetworkSpec } from '../../../src/engine/spec/types';
import { ReferenceTrainer } from '../../../src/engine/train/trainer';

function spec(l2: number): NetworkSpec {
  return {
    seed: 8, data: { builtin: 'circle', samples: 60 }, loss: 'cross_entropy', init: 'xavier', precision: 'float64', regularization: { l2 },
    optimizer: { type: 'sgd', learningRate: 0.5 }, training: { epochs: 1, batchSize: 60 },
    layers: [{ units: 2 }, { units: 5, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }],
  };
}

describe('L2 regularisation: one truth', () => {
  it('a step is W − η(∂E/∂W + λW); the reported loss is the data loss without λ/2·‖W‖², on both trainers', () => {
    const data = buildDataset(spec(0.1), () => '');
    for (const make of [(s: NetworkSpec) => new ReferenceTrainer(s, data), (s: NetworkSpec) => new FastTrainer(s, data)]) {
      const decayed = make(spec(0.1)), plain = make(spec(0));
      const before = plain.parameters()[0].weights;
      assert.equal(decayed.trainStep().loss, plain.trainStep().loss, 'same weights, same data loss: λ/2·‖W‖² is not in the reported loss');
      const w0 = decayed.parameters()[0].weights, p0 = plain.parameters()[0].weights;
      // full batch: the decayed step differs from the plain one by exactly −η·λ·W (before the step).
      p0.forEach((v, k) => assert.ok(Math.abs(w0[k] - (v - 0.5 * 0.1 * before[k])) < 1e-12, `weight ${k}`));
    }
  });

  it('the schema describes l2 as the code implements it', () => {
    const l2 = (NN_SPEC_SCHEMA as unknown as { properties: { regularization: { properties: { l2: { description: string } } } } }).properties.regularization.properties.l2.description;
    assert.match(l2, /adds λW to ∂E\/∂W/, l2);
    assert.match(l2, /reported loss and the gradient check are the data loss E alone/);
  });
});
