// The spec rules over a saved model: weights (and shapes) come from the model, the architecture, activations
// included, from the spec; the fast and the reference trainers agree on it.
import assert from 'node:assert/strict';
import { buildDataset } from '../../../src/engine/data';
import { FastTrainer } from '../../../src/engine/fast/fastTrainer';
import { parametersFromModelJson, toModelJson } from '../../../src/engine/model/model';
import { checkGradients } from '../../../src/engine/train/run';
import type { ActivationName, NetworkSpec } from '../../../src/engine/spec/types';
import { ReferenceTrainer } from '../../../src/engine/train/trainer';

function spec(hidden: ActivationName, units = 8): NetworkSpec {
  return {
    seed: 4, data: { builtin: 'circle', samples: 120 }, loss: 'cross_entropy', init: 'xavier', precision: 'float64',
    optimizer: { type: 'sgd', learningRate: 0.3 }, training: { epochs: 1, batchSize: 10 },
    layers: [{ units: 2 }, { units, activation: hidden }, { units, activation: hidden }, { units: 1, activation: 'sigmoid' }],
  };
}

/** A model trained with tanh hidden layers, saved and read back as --init / Continue Training read it. */
function savedTanhModel() {
  const tanh = spec('tanh');
  const data = buildDataset(tanh, () => '');
  const trainer = new ReferenceTrainer(tanh, data);
  for (let i = 0; i < 20; i++) trainer.trainStep();
  return parametersFromModelJson(JSON.parse(JSON.stringify(toModelJson('tanh', 'cross_entropy', trainer.parameters(), data, 20))));
}

describe('the spec rules over a saved model', () => {
  it('a model saved with tanh, a spec that says relu: both trainers train relu, with the same result', () => {
    const initial = savedTanhModel();
    assert.ok(initial.slice(0, 2).every((p) => p.activation === 'tanh'));
    const relu = spec('relu');
    const data = buildDataset(relu, () => '');
    const reference = new ReferenceTrainer(relu, data, { initial });
    const fast = new FastTrainer(relu, data, { initial });
    for (let i = 0; i < 30; i++) {
      const r = reference.trainStep().loss, f = fast.trainStep().loss;
      assert.ok(Math.abs(r - f) <= 1e-10 * (1 + Math.abs(r)), `step ${i}: fast ${f}, reference ${r}`);
    }
    for (const trainer of [reference, fast]) {
      assert.deepEqual(trainer.parameters().map((p) => p.activation), ['relu', 'relu', 'sigmoid']);
      assert.deepEqual(trainer.snapshot().map((s) => s.activation), ['relu', 'relu', 'sigmoid']);
    }
    const reluFromStart = new ReferenceTrainer(relu, data, { initial });
    const tanhFromStart = new ReferenceTrainer(spec('tanh'), data, { initial });
    assert.notEqual(reluFromStart.trainStep().loss, tanhFromStart.trainStep().loss, 'relu and tanh give different losses on these weights');
  });

  it('the gradient check of saved weights uses the spec\'s activations', () => {
    const initial = savedTanhModel();
    const relu = spec('relu');
    const data = buildDataset(relu, () => '');
    const fromSpec = checkGradients(relu, data, initial);
    const asRelu = checkGradients(relu, data, initial.map((p) => ({ ...p, activation: p.activation === 'tanh' ? 'relu' : p.activation })));
    assert.deepEqual(fromSpec.layers.map((l) => l.weights.entries.map((e) => e.analytic)), asRelu.layers.map((l) => l.weights.entries.map((e) => e.analytic)));
  });

  it('shapes that differ are still refused, naming the layer', () => {
    const initial = savedTanhModel();
    const wider = spec('relu', 9);
    const data = buildDataset(wider, () => '');
    assert.throws(() => new ReferenceTrainer(wider, data, { initial }), /layer 1: the model has 8×2 weights, the spec 9×2/);
    assert.throws(() => new FastTrainer(wider, data, { initial }), /layer 1: the model has 8×2 weights, the spec 9×2/);
  });
});
