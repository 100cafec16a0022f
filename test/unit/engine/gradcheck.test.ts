import assert from 'node:assert/strict';
import { activationByName, type Activation } from '../../../src/engine/nn/activations';
import { ENGINE_DELTA_RULES, hiddenDelta, outputDelta, type DeltaRules } from '../../../src/engine/nn/backprop';
import { gradientCheck, gradCheckVerdict, type Verdict } from '../../../src/engine/check/gradcheck';
import { entryVerdict, noiseFloorOf } from '../../../src/engine/check/gradcheck-report';
import { lossByName, type Loss } from '../../../src/engine/nn/losses';
import { Matrix, hadamardInPlace } from '../../../src/engine/nn/matrix';
import { Network, forward, forwardBuffers } from '../../../src/engine/nn/network';
import { Rng } from '../../../src/engine/nn/rng';
import type { ActivationName, LossName } from '../../../src/engine/spec/types';

const options = { epsilon: 1e-5, maxEntries: 30, seed: 11 };

/** A random network with the given hidden and output activations, a batch x and targets y that suit the loss. */
function setup(hidden: ActivationName, output: ActivationName, lossName: LossName, seed: number, outUnits = 3) {
  const rng = new Rng(seed);
  const net = Network.create([4, 5, 6, outUnits], [hidden, hidden, output], 'xavier', rng);
  for (const layer of net.layers) for (let j = 0; j < layer.units; j++) layer.b[j] = rng.uniform(-0.5, 0.5);
  const m = 3;
  const x = new Matrix(4, m, Float64Array.from({ length: 4 * m }, () => rng.uniform(-1, 1)));
  const y = new Matrix(outUnits, m);
  for (let c = 0; c < m; c++) {
    if (lossName === 'mse') for (let j = 0; j < outUnits; j++) y.set(j, c, rng.uniform(-1, 1));
    else if (outUnits === 1) y.set(0, c, rng.int(2));
    else y.set(rng.int(outUnits), c, 1);
  }
  return { net, x, y, loss: lossByName(lossName, output) };
}

const pairs: [ActivationName, ActivationName, LossName, number][] = [];
for (const hidden of ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'linear'] as ActivationName[]) {
  pairs.push([hidden, 'linear', 'mse', 3], [hidden, 'tanh', 'mse', 3], [hidden, 'sigmoid', 'mse', 3], [hidden, 'softmax', 'mse', 3],
    [hidden, 'softmax', 'cross_entropy', 3], [hidden, 'sigmoid', 'cross_entropy', 1], [hidden, 'sigmoid', 'cross_entropy', 3]);
}

describe('gradient check on random networks', () => {
  for (const [hidden, output, lossName, outUnits] of pairs) {
    it(`passes for ${hidden} hidden layers, ${output} output, ${lossName}`, () => {
      for (const seed of [1, 2, 3]) {
        const { net, x, y, loss } = setup(hidden, output, lossName, seed, outUnits);
        const report = gradientCheck(net, loss, x, y, options);
        for (const layer of report.layers) {
          for (const t of [layer.weights, layer.biases, layer.delta]) {
            assert.ok(t.checked > 0, 'checks something');
            // Tiny gradients (leaky relu, saturated units) carry ~1e-11 of float64 noise: warn-band errors are allowed there.
            assert.ok(t.maxRelError < 1e-4, `seed ${seed} layer ${layer.layer}: max rel. error ${t.maxRelError} (${JSON.stringify(t.worst[0])})`);
            assert.ok(t.medianRelError < 1e-6, `seed ${seed} layer ${layer.layer}: median rel. error ${t.medianRelError}`);
          }
        }
        assert.equal(report.passed, true);
        assert.equal(report.culpritLayer, null);
      }
    });
  }

  it('checks every bias and a bounded number of weights', () => {
    const { net, x, y, loss } = setup('tanh', 'softmax', 'cross_entropy', 5);
    const report = gradientCheck(net, loss, x, y, { ...options, maxEntries: 4 });
    assert.equal(report.layers[1].weights.checked, 4);
    assert.equal(report.layers[1].biases.checked, 4);
    const all = gradientCheck(net, loss, x, y, { ...options, maxEntries: 100 });
    assert.equal(all.layers[1].weights.checked, 30);
    assert.equal(all.layers[1].biases.checked, 6);
  });

  /** (Σ E(W^l_jk + ε) − Σ E(W^l_jk − ε)) / 2εm by full forward passes from the input (kind 'biases': b^l_j, k ignored). */
  function centeredFromInput(net: Network, loss: Loss, x: Matrix, y: Matrix, l: number, kind: 'weights' | 'biases', j: number, k: number): number {
    const layer = net.layer(l);
    const lossAt = (shift: number): number => {
      const saved = kind === 'weights' ? layer.W.get(j, k) : layer.b[j];
      if (kind === 'weights') layer.W.set(j, k, saved + shift); else layer.b[j] = saved + shift;
      const pass = forwardBuffers(net, x.cols);
      pass.a[0].data.set(x.data);
      const total = loss.sum(forward(net, pass).a[net.depth], y);
      if (kind === 'weights') layer.W.set(j, k, saved); else layer.b[j] = saved;
      return total;
    };
    return (lossAt(options.epsilon) - lossAt(-options.epsilon)) / (2 * options.epsilon * x.cols);
  }

  for (const hidden of ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'linear'] as ActivationName[]) {
    it(`its numeric ∂E/∂W, ∂E/∂b and δ are the centered differences of full forward passes (${hidden} hidden layers)`, () => {
      const { net, x, y, loss } = setup(hidden, 'softmax', 'cross_entropy', 8);
      const report = gradientCheck(net, loss, x, y, { ...options, maxEntries: 1000 });
      for (const { layer: l, weights, biases } of report.layers) {
        assert.equal(weights.checked, net.layer(l).units * net.layer(l).fanIn, 'every weight');
        for (const [tensor, kind] of [[weights, 'weights'], [biases, 'biases']] as const) {
          for (const entry of tensor.entries) {
            const [j, k] = entry.index;
            const reference = centeredFromInput(net, loss, x, y, l, kind, j, k ?? 0);
            // The two sums round differently; both are within a few ν of the exact difference quotient.
            assert.ok(Math.abs(entry.numeric - reference) <= 4 * entry.noiseFloor + 1e-12 * Math.abs(reference),
              `layer ${l} ${kind} [${entry.index}]: ${entry.numeric} against ${reference} (ν ${entry.noiseFloor})`);
          }
        }
        // Numeric δ^l_j of sample c is ∂E_c/∂b^l_j with sample c alone in the batch.
        for (const entry of report.layers[l - 1].delta.entries) {
          const [j, c] = entry.index;
          const column = (m: Matrix) => new Matrix(m.rows, 1, Float64Array.from({ length: m.rows }, (_, r) => m.get(r, c)));
          const reference = centeredFromInput(net, loss, column(x), column(y), l, 'biases', j, 0);
          assert.ok(Math.abs(entry.numeric - reference) <= 4 * entry.noiseFloor + 1e-12 * Math.abs(reference),
            `layer ${l} δ [${entry.index}]: ${entry.numeric} against ${reference} (ν ${entry.noiseFloor})`);
        }
      }
    });
  }

  it('flags kinks instead of failing when a relu input sits at 0', () => {
    const { net, x, y, loss } = setup('relu', 'softmax', 'cross_entropy', 4);
    // Put z^1_0 of sample 0 exactly at the kink: choose b so that W row 0 · x_0 + b = 0.
    const layer = net.layer(1);
    let dot = 0;
    for (let k = 0; k < 4; k++) dot += layer.W.get(0, k) * x.get(k, 0);
    layer.b[0] = -dot;
    const report = gradientCheck(net, loss, x, y, { ...options, maxEntries: 100 });
    const delta1 = report.layers[0].delta;
    assert.ok(delta1.kinks >= 1, 'the entry at the kink is flagged');
    assert.ok(report.layers[0].weights.kinks >= 1);
    assert.notEqual(delta1.verdict, 'fail');
  });
});

/** The check fails, names `buggy` as the culprit, fails δ there only, and ∂E/∂W there but never above it. */
function assertCulprit(report: ReturnType<typeof gradientCheck>, buggy: number): void {
  assert.equal(report.passed, false);
  assert.equal(report.culpritLayer, buggy);
  for (const layer of report.layers) {
    assert.equal(layer.delta.verdict === 'fail', layer.layer === buggy, `layer ${layer.layer} δ verdict ${layer.delta.verdict}`);
  }
  assert.equal(report.layers[buggy - 1].weights.verdict, 'fail');
  for (const layer of report.layers.filter((c) => c.layer > buggy)) assert.notEqual(layer.weights.verdict, 'fail');
}

describe('gradient check catches a planted bug', () => {
  function withWrongDerivative(act: Activation): Activation {
    return { ...act, derivativeInto: (z, a, out) => { act.derivativeInto(z, a, out); for (let i = 0; i < out.data.length; i++) out.data[i] *= 1.5; } };
  }

  for (const buggy of [1, 2]) {
    it(`a wrong σ′ in layer ${buggy} fails the δ check in layer ${buggy} and only there`, () => {
      const { net, x, y, loss } = setup('tanh', 'softmax', 'cross_entropy', 9);
      net.layer(buggy).activation = withWrongDerivative(activationByName('tanh'));
      const report = gradientCheck(net, loss, x, y, options);
      // The parameter gradients training uses are wrong in that layer (and, through BP2, below it), never above.
      assertCulprit(report, buggy);
    });
  }

  it('a wrong output derivative (BP1) fails at the output layer only', () => {
    const { net, x, y, loss } = setup('tanh', 'tanh', 'mse', 9);
    net.layer(3).activation = withWrongDerivative(activationByName('tanh'));
    const report = gradientCheck(net, loss, x, y, options);
    assert.equal(report.culpritLayer, 3);
    assert.deepEqual(report.layers.map((c) => c.delta.verdict === 'fail'), [false, false, true]);
  });
});

describe('gradient check catches a bug planted in the products of BP1 and BP2', () => {
  /** BP2 with an off-by-one in (W^{l+1})ᵀ δ^{l+1}: the last unit of layer l + 1 is left out of the sum (only below `W`). */
  function bp2DroppingLastUnit(W: Matrix): DeltaRules {
    return {
      ...ENGINE_DELTA_RULES,
      hiddenDelta(Wnext, deltaNext, activation, z, a, g) {
        if (Wnext !== W) return hiddenDelta(Wnext, deltaNext, activation, z, a, g);
        const m = deltaNext.cols;
        g.upstream.data.fill(0);
        for (let k = 0; k < Wnext.rows - 1; k++) {
          for (let j = 0; j < Wnext.cols; j++) for (let c = 0; c < m; c++) g.upstream.data[j * m + c] += Wnext.get(k, j) * deltaNext.data[k * m + c];
        }
        activation.derivativeInto(z, a, g.sigmaPrime);
        g.delta.data.set(g.upstream.data);
        hadamardInPlace(g.delta, g.sigmaPrime);
      },
    };
  }


  for (const buggy of [1, 2]) {
    it(`a BP2 product missing a term in layer ${buggy} fails the δ check in layer ${buggy} and only there`, () => {
      const { net, x, y, loss } = setup('tanh', 'softmax', 'cross_entropy', 9);
      const report = gradientCheck(net, loss, x, y, { ...options, rules: bp2DroppingLastUnit(net.layer(buggy + 1).W) });
      assertCulprit(report, buggy);
    });
  }

  it('a BP1 product that drops σ′ (δ^L = ∇_a E) fails at the output layer only', () => {
    const { net, x, y, loss } = setup('tanh', 'tanh', 'mse', 9);
    const rules: DeltaRules = {
      ...ENGINE_DELTA_RULES,
      outputDelta(activation, lossFn, z, a, yy, g) {
        outputDelta(activation, lossFn, z, a, yy, g);
        g.delta.data.set(g.upstream.data);
      },
    };
    assertCulprit(gradientCheck(net, loss, x, y, { ...options, rules }), 3);
  });

  it('a BP1 product that applies σ′ twice to the fused a − y fails at the output layer only', () => {
    const { net, x, y, loss } = setup('tanh', 'sigmoid', 'cross_entropy', 9, 1);
    const rules: DeltaRules = {
      ...ENGINE_DELTA_RULES,
      outputDelta(activation, lossFn, z, a, yy, g) {
        outputDelta(activation, lossFn, z, a, yy, g);
        hadamardInPlace(g.delta, g.sigmaPrime);
      },
    };
    assertCulprit(gradientCheck(net, loss, x, y, { ...options, rules }), 3);
  });
});

describe('gradient-check verdicts: noise floor and one verdict for every view', () => {
  it('at a least-squares optimum (gradient 0, loss > 0) the entries are at the noise floor, not warn', () => {
    // One linear unit, E = ½ Σ (w x + b − y)²: with w, b from the normal equations ∂E/∂w = ∂E/∂b = 0 exactly, while the
    // centered differences of E ≈ 1 carry ~|E|·u/ε ≈ 1e-11 of rounding noise.
    const rng = new Rng(21), m = 40;
    const x = new Matrix(1, m, Float64Array.from({ length: m }, () => rng.uniform(-1, 1)));
    const y = new Matrix(1, m, Float64Array.from(x.data, (v) => 0.7 * v + 0.2 + rng.uniform(-0.5, 0.5)));
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    const xm = mean(x.data), ym = mean(y.data);
    const w = x.data.reduce((s, v, i) => s + (v - xm) * (y.data[i] - ym), 0) / x.data.reduce((s, v) => s + (v - xm) ** 2, 0);
    const net = Network.create([1, 1], ['linear'], 'xavier', rng);
    net.layer(1).W.data[0] = w;
    net.layer(1).b[0] = ym - w * xm;
    const report = gradientCheck(net, lossByName('mse', 'linear'), x, y, { ...options, maxEntries: 100 });
    const layer = report.layers[0];
    for (const t of [layer.weights, layer.biases]) {
      assert.equal(t.verdict, 'noise', `${JSON.stringify(t.entries)}`);
      assert.equal(t.atNoiseFloor, 1);
      assert.ok(Math.abs(t.entries[0].numeric) > 0 && Math.abs(t.entries[0].numeric) <= t.entries[0].noiseFloor, 'the numeric value is rounding noise');
    }
    const verdict = gradCheckVerdict(report);
    assert.equal(verdict.verdict, 'pass');
    assert.match(verdict.sentence, /^passed \(.*2 entries at the noise floor\)$/);
  });

  it('entryVerdict: |a − n| ≤ 1e-7·|n| pass, ≤ ν noise, ≤ ν + 1e-4·|n| warn, else fail', () => {
    assert.equal(entryVerdict(0, 0, 0), 'pass');
    assert.equal(entryVerdict(1, 1 + 5e-8, 0), 'pass');
    assert.equal(entryVerdict(3e-12, -4e-12, 1e-11), 'noise');
    assert.equal(entryVerdict(1, 1 + 5e-5, 1e-11), 'warn');
    assert.equal(entryVerdict(1e-6, 1e-6 + 2e-11, 1e-11), 'warn', 'ν plus the relative part');
    assert.equal(entryVerdict(1, 1.01, 1e-11), 'fail');
    assert.equal(entryVerdict(1e-3, 0, 1e-11), 'fail', 'a real gradient against a numeric 0 is no noise');
    assert.equal(entryVerdict(NaN, 1, 1), 'fail');
    assert.ok(noiseFloorOf(2, 1e-5, 4) < noiseFloorOf(2, 1e-5) && noiseFloorOf(2, 1e-5) < noiseFloorOf(2, 1e-6));
  });

  it('gradCheckVerdict: a warn cell makes the whole check "passed with warnings", a fail cell "FAILED", naming the tensors', () => {
    const t = (verdict: Verdict, maxRelError: number) => ({ verdict, maxRelError, atNoiseFloor: 0 });
    const layers = [
      { layer: 1, weights: t('pass', 1e-9), biases: t('noise', 0), delta: t('pass', 2e-9) },
      { layer: 2, weights: t('warn', 3e-6), biases: t('pass', 1e-8), delta: t('warn', 2e-5) },
    ];
    const warn = gradCheckVerdict({ culpritLayer: null, layers });
    assert.deepEqual([warn.verdict, warn.tensors, warn.worst], ['warn', ['W2', 'δ2'], 2e-5]);
    assert.match(warn.sentence, /^passed with warnings in W2, δ2 \(max\. relative error 2\.00e-5\)$/);
    const fail = gradCheckVerdict({ culpritLayer: 2, layers: [layers[0], { ...layers[1], delta: t('fail', 0.4) }] });
    assert.deepEqual([fail.verdict, fail.tensors], ['fail', ['δ2']]);
    assert.match(fail.sentence, /^FAILED in δ2 \(max\. relative error 4\.00e-1; the δ check first fails in layer 2\)$/);
    const pass = gradCheckVerdict({ culpritLayer: null, layers: [layers[0]] });
    assert.deepEqual([pass.verdict, pass.tensors], ['pass', []]);
  });
});
