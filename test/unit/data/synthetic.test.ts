import assert from 'node:assert/strict';
import { generateBuiltin } from '../../../src/engine/data/synthetic';
import { BUILTIN_DATA } from '../../../src/engine/spec/types';
import { Dataset, DataError } from '../../../src/engine/data/dataset';

const classification = BUILTIN_DATA.filter((n) => n !== 'sine');

/** Fraction of the samples whose label is 1. */
function positiveShare(d: Dataset): number {
  let positives = 0;
  for (const split of [d.train, d.test]) for (let i = 0; i < split.count; i++) positives += split.labels![i];
  return positives / (d.train.count + d.test.count);
}

describe('builtin data sets', () => {
  for (const name of BUILTIN_DATA) {
    it(`${name}: same seed gives bit-identical data, another seed differs`, () => {
      const spec = { builtin: name, samples: 200, noise: 0.1, testFraction: 0.25 };
      const a = generateBuiltin(spec, 5);
      const b = generateBuiltin(spec, 5);
      const c = generateBuiltin(spec, 6);
      assert.deepEqual(a.train.x, b.train.x);
      assert.deepEqual(a.test.x, b.test.x);
      assert.deepEqual(a.train.labels ?? a.train.targets, b.train.labels ?? b.train.targets);
      assert.notDeepEqual(a.train.x, c.train.x);
    });
  }

  for (const name of classification) {
    it(`${name}: 2 inputs, 2 classes '0'/'1', int labels, split sizes from testFraction`, () => {
      const d = generateBuiltin({ builtin: name, samples: 301, testFraction: 0.2 }, 1);
      assert.equal(d.task, 'classification');
      assert.equal(d.inputSize, 2);
      assert.equal(d.outputSize, 2);
      assert.deepEqual(d.classNames, ['0', '1']);
      assert.equal(d.test.count, 60);
      assert.equal(d.train.count, 241);
      assert.ok(d.train.labels instanceof Int32Array);
      assert.equal(d.train.x.length, 241 * 2);
      assert.ok(d.train.labels!.every((l) => l === 0 || l === 1));
      for (const v of d.train.x) assert.ok(Number.isFinite(v) && Math.abs(v) < 20, `coordinate ${v}`);
    });
  }

  it('noise-free sets put both classes in roughly equal shares', () => {
    for (const name of ['gauss', 'spiral', 'circle', 'moons'] as const) {
      assert.equal(positiveShare(generateBuiltin({ builtin: name, samples: 400 }, 2)), 0.5, name);
    }
    const xorShare = positiveShare(generateBuiltin({ builtin: 'xor', samples: 2000 }, 2));
    assert.ok(Math.abs(xorShare - 0.5) < 0.05, `xor share ${xorShare}`);
  });

  it('noise-free xor labels follow x1·x2 ≥ 0 and circle labels follow the radius', () => {
    const xor = generateBuiltin({ builtin: 'xor', samples: 300 }, 4);
    const circle = generateBuiltin({ builtin: 'circle', samples: 300 }, 4);
    for (let i = 0; i < xor.train.count; i++) {
      assert.equal(xor.train.labels![i], xor.train.x[2 * i] * xor.train.x[2 * i + 1] >= 0 ? 1 : 0);
      assert.equal(circle.train.labels![i], Math.hypot(circle.train.x[2 * i], circle.train.x[2 * i + 1]) < 2.5 ? 1 : 0);
    }
  });

  it('sine: 1 input, 1 float64 target, y = sin(x) when noise is 0', () => {
    const d = generateBuiltin({ builtin: 'sine', samples: 100, testFraction: 0.1 }, 3);
    assert.equal(d.task, 'regression');
    assert.equal(d.inputSize, 1);
    assert.equal(d.outputSize, 1);
    assert.equal(d.classNames, null);
    assert.ok(d.train.targets instanceof Float64Array);
    assert.equal(d.train.count + d.test.count, 100);
    for (let i = 0; i < d.train.count; i++) {
      assert.ok(Math.abs(d.train.x[i]) <= Math.PI);
      assert.equal(d.train.targets![i], Math.sin(d.train.x[i]));
    }
  });

  it('testFraction 0 trains on everything with an empty test split', () => {
    const d = generateBuiltin({ builtin: 'spiral', samples: 50 }, 1);
    assert.equal(d.train.count, 50);
    assert.equal(d.test.count, 0);
    assert.equal(d.test.x.length, 0);
  });

  it('refuses nonsense sizes with a DataError', () => {
    assert.throws(() => generateBuiltin({ builtin: 'xor', samples: 0 }, 1), DataError);
    assert.throws(() => generateBuiltin({ builtin: 'xor', samples: 2.5 }, 1), DataError);
    assert.throws(() => generateBuiltin({ builtin: 'xor', noise: -1 }, 1), DataError);
    assert.throws(() => generateBuiltin({ builtin: 'xor', testFraction: 1 }, 1), DataError);
    assert.throws(() => generateBuiltin({ builtin: 'nope' as 'xor' }, 1), /unknown builtin/);
  });
});
