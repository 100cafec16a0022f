// A saturated output keeps its loss: E_x is computed from z^L (softplus and log-sum-exp forms), so beside δ = 1e-40 it
// shows ~1e-40, not 0. References are independent: for |z| ≥ 40, ln(1 + e^−|z|) = e^−|z| to a relative e^−40.
import assert from 'node:assert/strict';
import { explainUnit } from '../../../src/engine/explain/unit';
import { traceSample } from '../../../src/engine/explain/trace';
import { activationByName } from '../../../src/engine/nn/activations';
import { lossByName } from '../../../src/engine/nn/losses';
import { Matrix } from '../../../src/engine/nn/matrix';
import { DenseLayer, Network } from '../../../src/engine/nn/network';
import { Rng } from '../../../src/engine/nn/rng';
import type { ActivationName } from '../../../src/engine/spec/types';
import { formatNumber } from '../../../src/engine/text/number-text';

/** A one-layer network whose output is z = `z` exactly for the input x = 1 (W = z, b = 0). */
function networkWithOutput(z: number[], activation: ActivationName): Network {
  return new Network(1, [new DenseLayer(1, z.length, activationByName(activation), Float64Array.from(z))]);
}

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe('cross-entropy of a saturated output keeps its significant digits (computed from z)', () => {
  const rng = new Rng(18);
  const magnitudes = [40, 50, 92, 200, 500, 700, ...Array.from({ length: 20 }, () => rng.uniform(40, 700))];

  it('sigmoid: E_x = ln(1 + e^−|z|) ≈ e^−|z| (y = 0 with z ≪ 0, y = 1 with z ≫ 0), and Explain prints it beside δ', () => {
    for (const m of magnitudes) {
      for (const [z, y] of [[-m, 0], [m, 1]]) {
        const net = networkWithOutput([z], 'sigmoid');
        const e = explainUnit(net, lossByName('cross_entropy', 'sigmoid'), [1], [y], 1, 0);
        const expected = Math.exp(-m);
        assert.ok(e.loss > 0 && relativeError(e.loss, expected) < 1e-12, `z = ${z}, y = ${y}: E_x = ${e.loss}, expected ${expected}`);
        if (y === 0) assert.ok(relativeError(e.loss, e.delta) < 1e-12, `z = ${z}: E_x = ${e.loss} and δ = ${e.delta} are the same size`);
        if (y === 0) assert.equal(formatNumber(e.loss, 6), formatNumber(e.delta, 6), 'the CLI and the pane print the same E_x and δ');
      }
    }
  });

  it('softmax: E_x = ln(1 + Σ_{k≠y} e^{z_k − z_y}) ≈ Σ_{k≠y} e^{z_k − z_y}, in Explain and in the diagram trace', () => {
    for (const m of magnitudes) {
      const z = [5, 5 - m, 5 - m - 3];
      const net = networkWithOutput(z, 'softmax');
      const loss = lossByName('cross_entropy', 'softmax');
      const expected = Math.exp(-m) + Math.exp(-m - 3);
      const e = explainUnit(net, loss, [1], [1, 0, 0], 1, 1);
      assert.ok(e.loss > 0 && relativeError(e.loss, expected) < 1e-12, `m = ${m}: E_x = ${e.loss}, expected ${expected}`);
      assert.ok(relativeError(e.delta, Math.exp(-m)) < 1e-12, `m = ${m}: δ_1 = ${e.delta}`);
      const trace = traceSample(net, loss, [1], [1, 0, 0]);
      assert.ok(relativeError(trace.loss, expected) < 1e-12, `m = ${m}: trace E_x = ${trace.loss}`);
    }
  });

  it('binary from a alone (no z): ln(1 − a) by log1p keeps a tiny loss too', () => {
    const a = new Matrix(1, 1, Float64Array.of(3e-30)), y = new Matrix(1, 1, Float64Array.of(0));
    assert.ok(relativeError(lossByName('cross_entropy', 'sigmoid').sum(a, y), 3e-30) < 1e-12);
  });
});
