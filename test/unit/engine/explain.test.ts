import assert from 'node:assert/strict';
import { backward, gradientBuffers } from '../../../src/engine/nn/backprop';
import { ExplainRangeError, explainUnit, type UnitExplanation } from '../../../src/engine/explain/unit';
import { explainTrainingSample } from '../../../src/engine/explain/requests';
import { lossByName, type Loss } from '../../../src/engine/nn/losses';
import { Matrix } from '../../../src/engine/nn/matrix';
import { Network, forward, forwardBuffers } from '../../../src/engine/nn/network';
import { Rng } from '../../../src/engine/nn/rng';
import { prepareRun } from '../../../src/engine/train/run';
import type { ActivationName, LossName } from '../../../src/engine/spec/types';

/** A random 4-5-6-outUnits network with random biases, one sample x and a target y that suits the loss. */
function setup(hidden: ActivationName, output: ActivationName, lossName: LossName, seed: number, outUnits = 3) {
  const rng = new Rng(seed);
  const net = Network.create([4, 5, 6, outUnits], [hidden, hidden, output], 'xavier', rng);
  for (const layer of net.layers) for (let j = 0; j < layer.units; j++) layer.b[j] = rng.uniform(-0.5, 0.5);
  const x = Float64Array.from({ length: 4 }, () => rng.uniform(-1, 1));
  const y = new Float64Array(outUnits);
  if (lossName === 'mse') for (let j = 0; j < outUnits; j++) y[j] = rng.uniform(-1, 1);
  else if (outUnits === 1) y[0] = rng.int(2);
  else y[rng.int(outUnits)] = 1;
  return { net, x, y, loss: lossByName(lossName, output) };
}

/** E_x of one sample: the forward pass and the loss, no backward pass. */
function sampleLoss(net: Network, loss: Loss, x: Float64Array, y: Float64Array): number {
  const pass = forwardBuffers(net, 1);
  pass.a[0].data.set(x);
  forward(net, pass);
  return loss.sum(pass.a[net.depth], new Matrix(y.length, 1, y.slice()), pass.z[net.depth]);
}

/** (E_x(θ + ε) − E_x(θ − ε)) / 2ε for one parameter held in `values[i]`. */
function centered(values: Float64Array, i: number, E: () => number, epsilon = 1e-6): number {
  const saved = values[i];
  values[i] = saved + epsilon;
  const plus = E();
  values[i] = saved - epsilon;
  const minus = E();
  values[i] = saved;
  return (plus - minus) / (2 * epsilon);
}

function close(actual: number, expected: number, what: string, tolerance = 1e-6): void {
  assert.ok(Math.abs(actual - expected) <= tolerance * (1 + Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

const combos: [ActivationName, ActivationName, LossName, number][] = [
  ['sigmoid', 'sigmoid', 'mse', 2], ['tanh', 'linear', 'mse', 2], ['relu', 'tanh', 'mse', 3],
  ['tanh', 'softmax', 'cross_entropy', 3], ['relu', 'sigmoid', 'cross_entropy', 1], ['sigmoid', 'sigmoid', 'cross_entropy', 3],
  ['tanh', 'softmax', 'mse', 3], ['leaky_relu', 'softmax', 'mse', 4],
];

describe('explain: the arithmetic of one unit for one sample', () => {
  for (const [hidden, output, lossName, outUnits] of combos) {
    it(`${hidden} hidden, ${output} output, ${lossName}: δ, dW, db agree with the engine's backprop (batch of 1) and with centered differences of E_x`, () => {
      for (const seed of [1, 2]) {
        const { net, x, y, loss } = setup(hidden, output, lossName, seed, outUnits);
        const pass = forwardBuffers(net, 1);
        pass.a[0].data.set(x);
        forward(net, pass);
        const g = backward(net, pass, new Matrix(y.length, 1, y.slice()), loss, gradientBuffers(net, 1));
        const E = () => sampleLoss(net, loss, x, y);
        for (let l = 1; l <= net.depth; l++) {
          for (let j = 0; j < net.layer(l).units; j++) {
            const e = explainUnit(net, loss, x, y, l, j);
            const at = `seed ${seed} layer ${l} unit ${j}`;
            assert.equal(e.loss, E(), `${at}: E_x is the one sample's loss`);
            assert.equal(e.delta, g.delta[l].data[j], `${at}: δ is the engine's`);
            assert.ok(e.db === e.delta, `${at}: BP3 (${e.db} vs ${e.delta})`);
            close(e.db, centered(net.layer(l).b, j, E), `${at}: ∂E_x/∂b_j`);
            const fanIn = net.layer(l).fanIn;
            assert.equal(e.dW.length, fanIn);
            for (let k = 0; k < fanIn; k++) {
              assert.equal(e.dW[k], g.dW[l].data[j * fanIn + k], `${at}: dW[${k}] is the engine's BP4`);
              close(e.dW[k], centered(net.layer(l).W.data, j * fanIn + k, E), `${at}: ∂E_x/∂W_j${k}`);
            }
          }
        }
      }
    });
  }

  it('hidden layers: every BP2 term W^{l+1}_kj δ^{l+1}_k, sorted by |product|, sums to δ_j / σ′(z_j)', () => {
    for (const [hidden, output, lossName, outUnits] of combos) {
      const { net, x, y, loss } = setup(hidden, output, lossName, 3, outUnits);
      for (const l of [1, 2]) {
        for (let j = 0; j < net.layer(l).units; j++) {
          const e = explainUnit(net, loss, x, y, l, j);
          const next = explainUnitsOf(net, loss, x, y, l + 1);
          assert.equal(e.output, null);
          const terms = e.hidden!.terms;
          assert.deepEqual(terms.map((t) => t.k).sort((p, q) => p - q), [...next.keys()], 'every unit k of layer l + 1');
          for (const t of terms) {
            assert.equal(t.weight, net.layer(l + 1).W.get(t.k, j));
            assert.equal(t.delta, next[t.k].delta, 'δ^{l+1}_k as explained for that unit');
            assert.equal(t.product, t.weight * t.delta);
          }
          for (let i = 1; i < terms.length; i++) assert.ok(Math.abs(terms[i - 1].product) >= Math.abs(terms[i].product), 'sorted by |product|');
          close(e.hidden!.sum, terms.reduce((s, t) => s + t.product, 0), 'sum of the terms', 1e-12);
          close(e.hidden!.sum * e.sigmaPrime!, e.delta, `${hidden} layer ${l} unit ${j}: Σ · σ′ = δ`, 1e-12);
          if (e.sigmaPrime !== 0) close(e.hidden!.sum, e.delta / e.sigmaPrime!, 'Σ = δ / σ′', 1e-10);
        }
      }
    }
  });

  it('forward: the terms W_jk a_k, sorted by |product|, plus b_j make z_j, and a_j = σ(z_j)', () => {
    const { net, x, y, loss } = setup('tanh', 'softmax', 'cross_entropy', 4);
    const e = explainUnit(net, loss, x, y, 1, 2);
    assert.deepEqual(e.forward.terms.map((t) => t.input).sort(), Array.from(x).sort(), 'layer 1 reads the sample');
    for (let i = 1; i < e.forward.terms.length; i++) assert.ok(Math.abs(e.forward.terms[i - 1].product) >= Math.abs(e.forward.terms[i].product));
    assert.equal(e.forward.bias, net.layer(1).b[2]);
    close(e.forward.terms.reduce((s, t) => s + t.product, 0) + e.forward.bias, e.z, 'Σ + b = z', 1e-12);
    close(e.a, Math.tanh(e.z), 'a = tanh z', 1e-15);
    close(e.sigmaPrime!, 1 - e.a * e.a, 'σ′ = 1 − a²', 1e-15);
  });

  it('output layer: BP1 as a product, fused a − y for cross-entropy over sigmoid or softmax, the Jacobian row for softmax with mse', () => {
    const product = explainUnit(...args(setup('tanh', 'sigmoid', 'mse', 5, 2)), 3, 1);
    assert.equal(product.output!.kind, 'product');
    close(product.output!.dEda, product.a - product.output!.target, 'mse: ∂E/∂a = a − y', 1e-15);
    close(product.output!.product!, product.delta, 'δ = ∂E/∂a · σ′', 1e-15);
    assert.equal(product.hidden, null);
    for (const output of ['sigmoid', 'softmax'] as ActivationName[]) {
      const fused = explainUnit(...args(setup('relu', output, 'cross_entropy', 6, 3)), 3, 0);
      assert.equal(fused.output!.kind, 'fused');
      assert.equal(fused.delta, fused.a - fused.output!.target, `${output}: δ = a − y`);
      assert.equal(fused.sigmaPrime === null, output === 'softmax', 'σ′ omitted for softmax units only');
      if (output === 'sigmoid') close(fused.output!.product!, fused.delta, 'the unfused BP1 product agrees', 1e-9);
    }
    const jacobian = explainUnit(...args(setup('tanh', 'softmax', 'mse', 7, 4)), 3, 2);
    assert.equal(jacobian.output!.kind, 'jacobian');
    assert.equal(jacobian.sigmaPrime, null);
    const row = jacobian.output!.jacobianRow!;
    assert.equal(row.length, 4);
    const self = row.find((t) => t.k === 2)!;
    close(self.jacobian, jacobian.a * (1 - jacobian.a), 'J_jj = a_j(1 − a_j)', 1e-15);
    close(row.reduce((s, t) => s + t.product, 0), jacobian.delta, 'δ_j = Σ_k J_kj ∂E/∂a_k', 1e-12);
  });

  it('refuses a layer or unit the network does not have, saying what exists', () => {
    const [net, loss, x, y] = args(setup('tanh', 'sigmoid', 'mse', 1, 2));
    assert.throws(() => explainUnit(net, loss, x, y, 0, 0), (e: Error) => e instanceof ExplainRangeError && e.field === 'layer' && /layers 1 to 3/.test(e.message));
    assert.throws(() => explainUnit(net, loss, x, y, 4, 0), /layer 4 does not exist/);
    assert.throws(() => explainUnit(net, loss, x, y, 2, 6), (e: Error) => e instanceof ExplainRangeError && e.field === 'unit' && /units 0 to 5/.test(e.message));
  });
});

function args(s: ReturnType<typeof setup>): [Network, Loss, Float64Array, Float64Array] {
  return [s.net, s.loss, s.x, s.y];
}

function explainUnitsOf(net: Network, loss: Loss, x: Float64Array, y: Float64Array, l: number): UnitExplanation[] {
  return Array.from({ length: net.layer(l).units }, (_, j) => explainUnit(net, loss, x, y, l, j));
}

describe('explain: sample N of the spec data in file order', () => {
  const csv = ['a,b,label', ...Array.from({ length: 10 }, (_, i) => `${i},${10 * i},${i % 2 ? 'odd' : 'even'}`)].join('\n');
  const spec = (testFraction: number) => `{
    "seed": 3, "data": { "csv": "d.csv", "target": "label", "normalize": "none", "testFraction": ${testFraction} },
    "layers": [{ "units": 2 }, { "units": 3, "activation": "tanh" }, { "units": 2, "activation": "softmax" }],
    "loss": "cross_entropy", "optimizer": { "type": "sgd", "learningRate": 0.1 }, "training": { "epochs": 1, "batchSize": 2 }
  }`;
  const prepare = (testFraction: number) => prepareRun(spec(testFraction), () => csv);

  it('sample N is data row N after the header, wherever the split put it in the training set', () => {
    const { spec: s, dataset } = prepare(0.3);
    const trainRows = Array.from(dataset.train.sourceIndex!);
    assert.notDeepEqual(trainRows, [...trainRows].sort((p, q) => p - q), 'the split shuffled the training samples');
    for (const row of trainRows) {
      const e = explainTrainingSample(s, dataset, undefined, { sample: row, layer: 1, unit: 0 });
      assert.deepEqual(e.forward.terms.map((t) => t.input).sort((p, q) => p - q), [row, 10 * row], `row ${row}'s features`);
      const target = explainTrainingSample(s, dataset, undefined, { sample: row, layer: 2, unit: 1 }).output!.target;
      assert.equal(target, row % 2, `row ${row}'s class: y_1 = 1 for odd (classes sorted: even, odd)`);
    }
  });

  it('refuses a sample the split sent to the test set, or beyond the data, naming a training sample', () => {
    const { spec: s, dataset } = prepare(0.3);
    const testRow = dataset.test.sourceIndex![0];
    assert.throws(() => explainTrainingSample(s, dataset, undefined, { sample: testRow, layer: 1, unit: 0 }),
      (e: Error) => e instanceof ExplainRangeError && new RegExp(`sample ${testRow} is in the test split .*nearest training sample is \\d`).test(e.message));
    assert.throws(() => explainTrainingSample(s, dataset, undefined, { sample: 10, layer: 1, unit: 0 }), /samples 0 to 9/);
  });
});
