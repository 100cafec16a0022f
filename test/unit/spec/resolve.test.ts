import { strict as assert } from 'node:assert';
import { DEFAULTS, NetworkSpec, checkSpec, resolveSpec } from '../../../src/engine/spec';
import { specWith } from './helpers';

const minimal: NetworkSpec = {
  data: { csv: 'iris.csv', target: 'species' },
  layers: [{ units: 4 }, { units: 3, activation: 'softmax' }],
  loss: 'cross_entropy',
  optimizer: { type: 'adam', learningRate: 0.01 },
  training: { epochs: 10, batchSize: 8 },
};

describe('resolveSpec and checkSpec', () => {
  it('fills every optional setting from DEFAULTS without touching the input', () => {
    const before = JSON.stringify(minimal);
    const resolved = resolveSpec(minimal);
    assert.equal(JSON.stringify(minimal), before);
    assert.equal(resolved.seed, DEFAULTS.seed);
    assert.equal(resolved.init, DEFAULTS.init);
    assert.equal(resolved.precision, DEFAULTS.precision);
    assert.deepEqual(resolved.optimizer, { type: 'adam', learningRate: 0.01, momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    assert.deepEqual(resolved.training, { epochs: 10, batchSize: 8, shuffle: true });
    assert.deepEqual(resolved.regularization, { l2: 0 });
    assert.deepEqual(resolved.gradientCheck, { epsilon: 1e-5, samples: 3, maxEntries: 20 });
    assert.deepEqual(resolved.data, { csv: 'iris.csv', target: 'species', testFraction: 0, normalize: 'none' });
  });

  it('keeps what the spec sets, and fills builtin samples and noise', () => {
    const resolved = resolveSpec({ ...minimal, seed: 7, init: 'he', data: { builtin: 'spiral', noise: 0.2 }, training: { epochs: 1, batchSize: 4, shuffle: false } });
    assert.equal(resolved.seed, 7);
    assert.equal(resolved.init, 'he');
    assert.equal(resolved.training.shuffle, false);
    assert.deepEqual(resolved.data, { builtin: 'spiral', noise: 0.2, samples: 400, testFraction: 0 });
  });

  it('checkSpec returns the resolved spec only when there is no error (warnings allowed)', () => {
    const ok = checkSpec(specWith({ 13: '  "training": { "epochs": 100, "batchSize": 16, "extra": 1 },' }).text);
    assert.equal(ok.diagnostics.length, 1);
    assert.equal(ok.spec?.optimizer.momentum, 0.9);
    const bad = checkSpec(specWith({ 6: '    { "units": 3 },' }).text);
    assert.equal(bad.spec, undefined);
    assert.equal(bad.diagnostics[0].code, 'input-units-mismatch');
  });
});
