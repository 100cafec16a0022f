// The network diagram's data: one sample's a, δ, W and ∂E_x/∂W through every layer, against explainUnit (itself
// checked against centered differences of E_x) and the network's own weights; wide layers keep their strongest units.
import assert from 'node:assert/strict';
import { explainUnit } from '../../../src/engine/explain/unit';
import { lossByName } from '../../../src/engine/nn/losses';
import { Network } from '../../../src/engine/nn/network';
import { Rng } from '../../../src/engine/nn/rng';
import type { ActivationName } from '../../../src/engine/spec/types';
import { strongestUnits, traceSample } from '../../../src/engine/explain/trace';

function setup(sizes: number[], seed: number) {
  const rng = new Rng(seed);
  const activations = sizes.slice(1).map((_, i): ActivationName => (i === sizes.length - 2 ? 'softmax' : 'tanh'));
  const net = Network.create(sizes, activations, 'xavier', rng);
  for (const layer of net.layers) for (let j = 0; j < layer.units; j++) layer.b[j] = rng.uniform(-0.5, 0.5);
  const x = Float64Array.from({ length: sizes[0] }, () => rng.uniform(-1, 1));
  const y = new Float64Array(sizes.at(-1)!);
  y[rng.int(y.length)] = 1;
  return { net, x, y, loss: lossByName('cross_entropy', 'softmax') };
}

describe('sample trace (network diagram data)', () => {
  it('every shown unit has the a and δ explainUnit gives; W is the network\'s, ∂E_x/∂W_jk = δ_j a_k of the shown k', () => {
    const { net, x, y, loss } = setup([4, 5, 6, 3], 7);
    const trace = traceSample(net, loss, x, y);
    assert.deepEqual(trace.layers.map((l) => l.units), [4, 5, 6, 3]);
    assert.deepEqual(trace.layers[0].a, Array.from(x), 'layer 0 is the input');
    for (let l = 1; l <= net.depth; l++) {
      const layer = trace.layers[l], previous = trace.layers[l - 1];
      assert.deepEqual(layer.shown, Array.from({ length: layer.units }, (_, j) => j), 'narrow layers show every unit');
      for (const [i, j] of layer.shown.entries()) {
        const e = explainUnit(net, loss, x, y, l, j);
        assert.equal(layer.a[i], e.a, `a^${l}_${j}`);
        assert.equal(layer.delta[i], e.delta, `δ^${l}_${j}`);
        for (const [c, k] of previous.shown.entries()) {
          assert.equal(layer.W[i * previous.shown.length + c], net.layer(l).W.data[j * net.layer(l).fanIn + k], `W^${l}_${j}${k}`);
          assert.equal(layer.dW[i * previous.shown.length + c], e.dW[k], `∂E/∂W^${l}_${j}${k}`);
        }
      }
      assert.equal(trace.loss, explainUnit(net, loss, x, y, l, 0).loss);
    }
  });

  it('a layer wider than the limit shows its strongest units by |δ| (|a| at the input), with edges between shown units only', () => {
    const { net, x, y, loss } = setup([10, 12, 3], 3);
    const trace = traceSample(net, loss, x, y, 4);
    const input = trace.layers[0], hidden = trace.layers[1];
    assert.deepEqual(input.shown, strongestUnits(x, 4));
    assert.equal(hidden.shown.length, 4);
    const deltas = Array.from({ length: 12 }, (_, j) => Math.abs(explainUnit(net, loss, x, y, 1, j).delta));
    const smallestShown = Math.min(...hidden.shown.map((j) => deltas[j]));
    const largestHidden = Math.max(...deltas.filter((_, j) => !hidden.shown.includes(j)));
    assert.ok(smallestShown >= largestHidden, `shown |δ| ≥ every left-out |δ| (${smallestShown} vs ${largestHidden})`);
    assert.equal(hidden.W.length, 4 * 4);
    assert.equal(trace.layers[2].W.length, 3 * 4);
  });

  it('strongestUnits: the largest |values|, ascending by index, ties by index', () => {
    assert.deepEqual(strongestUnits([0.1, -5, 2, 0, 2], 3), [1, 2, 4]);
    assert.deepEqual(strongestUnits([1, 2], 5), [0, 1]);
    assert.deepEqual(strongestUnits([3, -3, 3], 2), [0, 1]);
  });
});
