// The per-snapshot summaries the monitor draws, and the NaN/Inf guard the worker runs on every snapshot.
import assert from 'node:assert/strict';
import { firstNonFiniteLayer, summarizeLayer } from '../../../src/engine/monitor/layer-summaries';
import type { LayerSnapshot } from '../../../src/engine/train/training-types';

/** A units × batch layer snapshot with the given δ and σ' (row-major). */
function layer(index: number, activation: LayerSnapshot['activation'], units: number, delta: number[], sigmaPrime: number[]): LayerSnapshot {
  const batchSize = delta.length / units, zeros = new Float64Array(delta.length);
  return {
    layer: index, units, activation, batchSize, fanIn: 1, z: zeros.slice(), a: zeros.slice(), delta: Float64Array.from(delta),
    sigmaPrime: Float64Array.from(sigmaPrime), upstream: zeros.slice(), dW: new Float64Array(units), db: new Float64Array(units),
  };
}

describe('monitoring summaries', () => {
  it('summarizeLayer: batch-mean δ per unit, ‖δ‖ = ‖δ‖_F / √m, dead relu units and saturated shares', () => {
    // 3 units × 2 samples; unit 2 has σ' = 0 on both samples (dead), unit 3 one σ' below 0.01.
    const s = summarizeLayer(layer(1, 'relu', 3, [1, 3, 0, 0, -2, 2], [1, 1, 0, 0, 0.005, 1]));
    assert.deepEqual([...s.deltaMean], [2, 0, 0]);
    assert.equal(s.deltaNorm, Math.sqrt((1 + 9 + 4 + 4) / 2));
    assert.equal(s.deadShare, 1 / 3);
    assert.equal(s.saturatedShare, 3 / 6);
    assert.equal(summarizeLayer(layer(1, 'tanh', 3, [1, 3, 0, 0, -2, 2], [1, 1, 0, 0, 0.005, 1])).deadShare, 0, 'only relu units are called dead');
  });

  it('firstNonFiniteLayer names the highest layer whose δ or z holds NaN or ±Infinity, else null', () => {
    const layers = [layer(1, 'tanh', 2, [0, 1, 2, 3], [1, 1, 1, 1]), layer(2, 'tanh', 2, [0, 1, 2, 3], [1, 1, 1, 1]), layer(3, 'sigmoid', 1, [1, 2], [1, 1])];
    assert.equal(firstNonFiniteLayer(layers), null);
    layers[0].delta[3] = Infinity;
    assert.equal(firstNonFiniteLayer(layers), 1);
    layers[1].z[0] = NaN;
    assert.equal(firstNonFiniteLayer(layers), 2);
    layers[2].delta[1] = -Infinity;
    assert.equal(firstNonFiniteLayer(layers), 3);
  });
});
