// Every TeX line the Explain pane shows is typeset by KaTeX (throwOnError: true) whatever the numbers: signs,
// exponent forms, zero, huge, tiny and subnormal values, ±∞ and NaN (a KaTeX error is a failure, not raw TeX on screen).
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import katex from 'katex';
import type { Frame, LayerInfo, ParameterStep, UnitExplanation } from '../../../src/protocol';
import type { ActivationName, LossName } from '../../../src/engine/spec/types';
import { forwardTex, gradientTex, hiddenTex, outputTex, weightGradientTex } from '../../../media/lib/explainTex';
import { batchMeanTex, updateTex } from '../../../media/lib/explainStepTex';
import { frameCellTex } from '../../../media/views/explainFrame';

/** Runs per property; raise with EXPLAIN_PROPERTY_RUNS for a longer search. */
const RUNS = Number(process.env.EXPLAIN_PROPERTY_RUNS ?? 150);

/** Any double, weighted toward the forms that change how a number is written: exponents, zero, subnormals, extremes. */
const number = fc.oneof(
  fc.double(),
  fc.double({ min: -1e-3, max: 1e-3, noNaN: true }),
  fc.constantFrom(0, -0, 2e-5, -2e-5, 5e-324, -5e-324, 2.2e-308, 1e-41, 6.6e-41, 9e15, 1.7976931348623157e308, -1e300, 1e4, 9999.5, 1e-3, 0.00099951, Infinity, -Infinity, NaN),
  fc.integer({ min: -400, max: 400 }).chain((e) => fc.double({ min: 1, max: 10, noNaN: true }).map((m) => m * Math.pow(10, e))),
);
const signed = fc.tuple(number, fc.boolean()).map(([v, negative]) => (negative ? -v : v));

/** Throws KaTeX's own error (with the TeX) when a line does not render. */
function assertRenders(lines: string[]): void {
  for (const line of lines) {
    try {
      katex.renderToString(line, { throwOnError: true });
    } catch (error) {
      assert.fail(`KaTeX cannot render ${JSON.stringify(line)}: ${(error as Error).message}`);
    }
  }
}

const activations: ActivationName[] = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'linear', 'softmax'];

const unitExplanation = fc.record({
  activation: fc.constantFrom(...activations), kind: fc.constantFrom('product', 'fused', 'jacobian', 'hidden'),
  values: fc.array(signed, { minLength: 12, maxLength: 12 }), terms: fc.array(fc.tuple(signed, signed), { minLength: 1, maxLength: 11 }),
}).map(({ activation, kind, values: [loss, z, a, sigmaPrime, delta, bias, target, dEda, product, sum, db, g], terms }): UnitExplanation => {
  const pairs = terms.map(([weight, input], k) => ({ k, weight, input, product: weight * input }));
  const hidden = kind === 'hidden';
  return {
    layer: hidden ? 1 : 2, unit: 0, depth: 2, activation, lossName: 'cross_entropy', loss, z, a, sigmaPrime: activation === 'softmax' ? null : sigmaPrime, delta,
    forward: { terms: pairs, bias },
    output: hidden ? null : { kind: kind as 'product' | 'fused' | 'jacobian', name: 'the rule', target, dEda, product, jacobianRow: kind === 'jacobian' ? pairs.map(({ k, weight, input, product: p }) => ({ k, jacobian: weight, dEda: input, product: p })) : null },
    hidden: hidden ? { terms: pairs.map(({ k, weight, input, product: p }) => ({ k, weight, delta: input, product: p })), sum } : null,
    dW: pairs.map((p) => p.product * g), db,
  };
});

const parameterStep = fc.record({
  type: fc.constantFrom('sgd', 'momentum', 'adam'), bias: fc.boolean(), l2: fc.oneof(fc.constant(0), number.map(Math.abs)),
  values: fc.array(signed, { minLength: 16, maxLength: 16 }), shares: fc.array(fc.tuple(signed, signed), { minLength: 1, maxLength: 11 }),
  t: fc.integer({ min: 1, max: 1e7 }),
}).map(({ type, bias, l2, values: [lr, g, gradient, before, step, after, mu, vb, va, b1, b2, eps, mb, m, v, engine], shares, t }): ParameterStep => {
  const list = shares.map(([delta, input], column) => ({ column, delta, input, product: delta * input }));
  const sum = list.reduce((s, x) => s + x.product, 0);
  return {
    parameter: bias ? 'bias' : 'weight', layer: 1, unit: 2, input: bias ? null : 1,
    batch: { m: list.length, shares: list, sum, mean: sum / list.length, engine },
    update: {
      type: type as 'sgd' | 'momentum' | 'adam', learningRate: lr, batchGradient: g, l2, gradient, before, step, after,
      velocity: type === 'momentum' ? { mu, before: vb, after: va } : null,
      adam: type === 'adam' ? { t, beta1: b1, beta2: b2, epsilon: eps, mBefore: mb, vBefore: vb, m, v, mHat: m, vHat: v } : null,
    },
    trained: after,
  };
});

describe('Explain: every TeX line renders with KaTeX (property over numbers)', () => {
  it("Adam's v line for a positive gradient in exponent form (2e-5: a double superscript before)", () => {
    const p = fc.sample(parameterStep, { numRuns: 1, seed: 1 })[0];
    const adam = { ...p, update: { ...p.update, type: 'adam' as const, gradient: 2e-5, velocity: null, adam: { t: 3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, mBefore: 0, vBefore: 0, m: 2e-6, v: 4e-13, mHat: 2e-5, vHat: 4e-10 } } };
    assertRenders(updateTex(adam));
  });

  it('forward sum, activation, BP1 (product, fused, Jacobian) or BP2, BP3 and BP4 of one sample', () => {
    fc.assert(fc.property(unitExplanation, (e) => {
      assertRenders([...forwardTex(e), ...(e.output ? outputTex(e) : [hiddenTex.rule(e), ...e.hidden!.terms.map((t) => hiddenTex.term(e, t)), hiddenTex.result(e)]),
        ...gradientTex(e), ...weightGradientTex(e).map((w) => w.line)]);
    }), { numRuns: RUNS });
  });

  it("the training step: the batch mean, the clicked sample's share and each optimizer's update (with and without L2)", () => {
    fc.assert(fc.property(parameterStep, fc.option(fc.integer({ min: 0, max: 10 })), (p, column) => {
      assertRenders([...batchMeanTex(p, column), ...updateTex(p)]);
    }), { numRuns: RUNS });
  });

  it("a recorded frame's cell: δ, and how BP1 or BP2 made it", () => {
    fc.assert(fc.property(signed, signed, signed, fc.constantFrom(1, 2), fc.constantFrom('sigmoid', 'softmax', 'linear') as fc.Arbitrary<ActivationName>, fc.constantFrom('cross_entropy', 'mse', undefined) as fc.Arbitrary<LossName | undefined>, (delta, upstream, sigmaPrime, layer, output, loss) => {
      const layers: LayerInfo[] = [{ layer: 1, units: 1, activation: 'tanh', fanIn: 2 }, { layer: 2, units: 1, activation: output, fanIn: 1 }];
      const frame = { step: 5, epoch: 1, layers: [1, 2].map((l) => ({ layer: l, units: 1, batchSize: 1, fanIn: 1, delta: Float32Array.of(delta), sigmaPrime: Float32Array.of(sigmaPrime), upstream: Float32Array.of(upstream), deltaMean: Float32Array.of(delta), deltaNorm: 0, deadShare: 0, saturatedShare: 0 })) } as Frame;
      assertRenders(frameCellTex(frame, { layer, unit: 0, column: 0 }, { layers, loss })?.lines ?? []);
    }), { numRuns: RUNS });
  });
});
