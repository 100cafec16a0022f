import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatChange, specDiff } from '../../../src/engine/spec/diff';
import { DEFAULTS, parseSpecText, resolveSpec } from '../../../src/engine/spec';

const spec = (hidden: string, learningRate = 0.1) => ({
  name: `deep-${hidden}`, seed: 1,
  data: { builtin: 'spiral' },
  layers: [{ units: 2 }, { units: 8, activation: hidden }, { units: 8, activation: hidden }, { units: 8, activation: hidden }, { units: 1, activation: 'sigmoid' }],
  loss: 'cross_entropy', optimizer: { type: 'sgd', learningRate }, training: { epochs: 10, batchSize: 8 },
});

describe('spec diff (Compare Runs legend)', () => {
  it('names each changed leaf by its JSON path, "from → to"', () => {
    const changes = specDiff(spec('sigmoid'), { ...spec('sigmoid', 0.01), seed: 2 });
    assert.deepEqual(changes.map(formatChange), ['seed: 1 → 2', 'optimizer.learningRate: 0.1 → 0.01']);
  });

  it('merges one change over consecutive layers: layers[1–3].activation', () => {
    assert.deepEqual(specDiff(spec('sigmoid'), spec('relu')).map(formatChange), ['layers[1–3].activation: sigmoid → relu']);
    const one = spec('sigmoid');
    const other = spec('sigmoid');
    other.layers[2] = { units: 8, activation: 'relu' };
    assert.deepEqual(specDiff(one, other).map(formatChange), ['layers[2].activation: sigmoid → relu']);
  });

  it('does not merge different changes or non-consecutive items', () => {
    const other = spec('sigmoid');
    other.layers[1] = { units: 8, activation: 'relu' };
    other.layers[3] = { units: 8, activation: 'relu' };
    other.layers[2] = { units: 8, activation: 'tanh' };
    assert.deepEqual(specDiff(spec('sigmoid'), other).map(formatChange),
      ['layers[1].activation: sigmoid → relu', 'layers[2].activation: sigmoid → tanh', 'layers[3].activation: sigmoid → relu']);
  });

  it('shows added and removed settings and layers with "—", ignores name and description', () => {
    const a = spec('relu');
    const b = { ...spec('relu'), description: 'x', regularization: { l2: 1e-4 }, layers: [...a.layers, { units: 3, activation: 'softmax' }] };
    assert.deepEqual(specDiff(a, b).map(formatChange), ['layers[5]: — → {"units":3,"activation":"softmax"}', 'regularization: — → {"l2":0.0001}']);
    assert.deepEqual(specDiff(a, { ...a, name: 'other' }), []);
  });

  it('over resolved specs, a default written out is no difference', () => {
    const text = (extra: string) => `{ "data": { "builtin": "xor" }, "layers": [{ "units": 2 }, { "units": 4, "activation": "tanh" }, { "units": 1, "activation": "sigmoid" }], "loss": "cross_entropy", "optimizer": { "type": "sgd", "learningRate": 0.5 ${extra} }, "training": { "epochs": 5, "batchSize": 4 } }`;
    const resolved = (t: string) => resolveSpec(parseSpecText(t).spec!);
    assert.deepEqual(specDiff(resolved(text('')), resolved(text(`, "momentum": ${DEFAULTS.momentum}`))), []);
    assert.deepEqual(specDiff(resolved(text('')), resolved(text(', "momentum": 0.5'))).map(formatChange), [`optimizer.momentum: ${DEFAULTS.momentum} → 0.5`]);
  });

  it('is empty for equal values; a→b and b→a name the same paths with from and to swapped', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
      const same = specDiff(a, a);
      assert.deepEqual(same, []);
      const ab = specDiff(a, b), ba = specDiff(b, a);
      assert.deepEqual(ab.map((c) => c.path).sort(), ba.map((c) => c.path).sort());
      assert.deepEqual(ab.map((c) => [c.from, c.to]).sort(), ba.map((c) => [c.to, c.from]).sort());
    }));
  });
});
