import * as assert from 'node:assert/strict';
import type { LayerParameters } from '../../../src/engine/train/training-types';
import { firstLayerWeights, imageSide, MAX_WEIGHT_IMAGES } from '../../../src/worker/firstLayerWeights';

function layer(units: number, fanIn: number): LayerParameters {
  return { units, fanIn, activation: 'relu', weights: Float64Array.from({ length: units * fanIn }, (_, i) => i), biases: new Float64Array(units) };
}

describe('first-layer weights as images', () => {
  it('recognises square image inputs of at least 8 × 8', () => {
    assert.equal(imageSide(784), 28);
    assert.equal(imageSide(64), 8);
    assert.equal(imageSide(49), null, 'too small');
    assert.equal(imageSide(785), null, 'not a square');
    assert.equal(imageSide(2), null);
  });

  it(`sends only the rows of W¹ for the first ${MAX_WEIGHT_IMAGES} units, as Float32Array`, () => {
    const w = firstLayerWeights([layer(100, 784), layer(10, 100)], 42)!;
    assert.equal(w.units, MAX_WEIGHT_IMAGES);
    assert.equal(w.side, 28);
    assert.equal(w.step, 42);
    assert.ok(w.values instanceof Float32Array);
    assert.equal(w.values.length, MAX_WEIGHT_IMAGES * 784);
    assert.equal(w.values[784 * 3 + 5], 784 * 3 + 5, 'row-major: unit 4, pixel 6');
    assert.equal(firstLayerWeights([layer(5, 64)], 1)!.values.length, 5 * 64, 'fewer units than the cap: all of them');
  });

  it('sends nothing for inputs that are not images', () => {
    assert.equal(firstLayerWeights([layer(6, 2)], 1), null);
  });
});
