import * as assert from 'node:assert/strict';
import type { Dataset, Split } from '../../../src/engine/data/dataset';
import { MAX_PLANE_POINTS, planePoints } from '../../../src/worker/planePoints';

/** count points (i, −i)·xScale with label i % 2. */
function split(count: number, offset: number): Split {
  const x = new Float64Array(2 * count);
  for (let i = 0; i < count; i++) { x[2 * i] = i + offset; x[2 * i + 1] = -(i + offset); }
  return { count, x, xScale: 0.5, labels: Int32Array.from({ length: count }, (_, i) => i % 2), targets: null } as Split;
}

function dataset(train: number, test: number, inputSize = 2): Dataset {
  return {
    name: 't', task: 'classification', inputSize, outputSize: 2, classNames: ['a', 'b'], featureNames: null, normalization: null,
    train: split(train, 0), test: split(test, 100_000),
  } as Dataset;
}

describe('plane points (2-D data over the decision boundary)', () => {
  it('sends every point of a small set, train first, in input units with their class', () => {
    const p = planePoints(dataset(5, 3), 1)!;
    assert.equal(p.trainCount, 5);
    assert.equal(p.targets.length, 8);
    assert.deepEqual(Array.from(p.xy.slice(0, 4)), [0, -0, 0.5, -0.5], 'x · xScale');
    assert.equal(p.xy[2 * 5], 50_000, 'the first test point follows the training points');
    assert.deepEqual(Array.from(p.targets.slice(0, 5)), [0, 1, 0, 1, 0]);
  });

  it(`caps a large set at ${MAX_PLANE_POINTS} points: a seeded subsample, train and test in proportion`, () => {
    const a = planePoints(dataset(9000, 3000), 7)!, b = planePoints(dataset(9000, 3000), 7)!, c = planePoints(dataset(9000, 3000), 8)!;
    assert.equal(a.targets.length, MAX_PLANE_POINTS);
    assert.equal(a.trainCount, 1500);
    assert.deepEqual(a.xy, b.xy, 'same seed, same points');
    assert.notDeepEqual(a.xy, c.xy, 'another seed, other points');
    assert.ok(a.xy[2 * 1500] >= 50_000 && a.xy[2 * 1499] < 50_000, 'test points after the training points');
    assert.ok(a.xy[2 * 1499] > 4000 * 0.5, 'drawn from the whole set, not its head');
    for (let p = 0; p < a.targets.length; p++) assert.equal(a.targets[p], (Math.round(a.xy[2 * p] / 0.5) - (p >= 1500 ? 100_000 : 0)) % 2);
  });

  it('sends nothing unless the input is 2-D', () => {
    assert.equal(planePoints(dataset(5, 3, 3), 1), null);
  });
});
