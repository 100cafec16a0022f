import assert from 'node:assert/strict';
import { fillBatch, fillTargets } from '../../../src/engine/data/batch';
import { Dataset, DataError, Split } from '../../../src/engine/data/dataset';

/** 4 samples of 3 features: feature k of sample i = 10·i + k. */
const x = Float64Array.from({ length: 12 }, (_, j) => 10 * Math.floor(j / 3) + (j % 3));
const labels = Int32Array.of(2, 0, 1, 2);
const split: Split = { count: 4, x, xScale: 1, labels, targets: null };
const classes: Dataset = {
  name: 't', task: 'classification', inputSize: 3, outputSize: 3, classNames: ['a', 'b', 'c'],
  featureNames: null, normalization: null, train: split, test: split,
};

describe('batch filling (samples as columns)', () => {
  it('fillBatch writes out[k·m + c] = feature k of sample indices[start + c]', () => {
    const indices = Int32Array.of(3, 1, 0, 2);
    const out = new Float64Array(3 * 2).fill(NaN);
    fillBatch(split, 3, indices, 1, 2, out);
    // columns: sample 1 (10, 11, 12) and sample 0 (0, 1, 2); rows: features
    assert.deepEqual(Array.from(out), [10, 0, 11, 1, 12, 2]);
  });

  it('fillBatch applies xScale (bytes → [0, 1])', () => {
    const bytes: Split = { count: 2, x: Uint8Array.of(0, 255, 51, 102), xScale: 1 / 255, labels: null, targets: null };
    const out = new Float64Array(4);
    fillBatch(bytes, 2, Int32Array.of(1, 0), 0, 2, out);
    assert.deepEqual(Array.from(out), [0.2, 0, 0.4, 1]);
  });

  it('fillTargets one-hot: Y is (classes × m), out[label · m + c] = 1, stale values cleared', () => {
    const out = new Float64Array(3 * 3).fill(7);
    fillTargets(classes, split, Int32Array.of(0, 1, 2, 3), 1, 3, 3, out);
    // samples 1, 2, 3 have labels 0, 1, 2
    assert.deepEqual(Array.from(out), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('fillTargets with one output unit and two classes writes y = label', () => {
    const two: Dataset = { ...classes, outputSize: 2, classNames: ['0', '1'] };
    const binary: Split = { ...split, labels: Int32Array.of(1, 0, 0, 1) };
    const out = new Float64Array(3);
    fillTargets(two, binary, Int32Array.of(3, 2, 0), 0, 3, 1, out);
    assert.deepEqual(Array.from(out), [1, 0, 1]);
  });

  it('fillTargets regression copies targets as (outputs × m)', () => {
    const reg: Split = { count: 3, x, xScale: 1, labels: null, targets: Float64Array.of(1, 2, 3, 4, 5, 6) };
    const data: Dataset = { ...classes, task: 'regression', outputSize: 2, classNames: null, train: reg, test: reg };
    const out = new Float64Array(4);
    fillTargets(data, reg, Int32Array.of(2, 0), 0, 2, 2, out);
    assert.deepEqual(Array.from(out), [5, 1, 6, 2]);
  });

  it('fillTargets refuses an output width that fits neither encoding', () => {
    assert.throws(() => fillTargets(classes, split, Int32Array.of(0), 0, 1, 2, new Float64Array(2)), DataError);
    assert.throws(() => fillTargets(classes, split, Int32Array.of(0), 0, 1, 1, new Float64Array(1)), /3 classes/);
  });
});
