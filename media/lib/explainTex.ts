/**
 * The Explain pane's equations as TeX strings (DOM-free): the forward sum, σ, BP1 or BP2, BP3 and BP4 of one unit for
 * one sample, with the run's numbers. Neurons are numbered from 1 as in the heatmap tooltips (unit j is neuron j + 1).
 */
import type { UnitExplanation } from '../../src/protocol';
import type { ActivationName } from '../../src/engine/spec/types';
import { formatNumber } from '../../src/engine/text/number-text';
import { largestTerms, SHOWN_TERMS, weightGradientTerms } from '../../src/engine/explain/unit';

/** A number as TeX with `digits` significant digits (the one formatter's text), 1.23 \times 10^{-5} in exponent form. */
export function texNumber(v: number, digits = 3): string {
  const text = formatNumber(v, digits).replace(/−/g, '-');
  const exponent = /^(-?[\d.]+)e(-?)(\d+)$/.exec(text);
  if (!exponent) return text.replace('∞', '\\infty');
  return `${exponent[1]}\\times 10^{${exponent[2]}${exponent[3]}}`;
}

/** A factor of a product: negative numbers in parentheses. */
export function factor(v: number): string {
  return v < 0 ? `(${texNumber(v)})` : texNumber(v);
}

/** v^p as TeX: the base in parentheses unless it is a plain non-negative number (2.00 \times 10^{-5}^2 does not parse). */
export function power(v: number, exponent: string | number): string {
  const base = texNumber(v);
  return `${/^[\d.]+$/.test(base) ? base : `\\left(${base}\\right)`}^{${exponent}}`;
}

/** "and N more: Σ = …" as an underbraced term, or nothing. */
export function restTerm(rest: number, restCount: number): string {
  return restCount === 0 ? '' : ` + \\underbrace{${factor(rest)}}_{\\text{and ${restCount} more: }\\Sigma}`;
}

const ACTIVATION_TEX: Record<ActivationName, string> = { sigmoid: '\\sigma', tanh: '\\tanh', relu: '\\operatorname{relu}', leaky_relu: '\\operatorname{leaky\\_relu}', linear: '\\operatorname{id}', softmax: '\\operatorname{softmax}' };

/** z_j = Σ_k W_jk a_k + b_j: the general form, then the largest terms, the rest, b_j and z_j. */
export function forwardTex(e: UnitExplanation): string[] {
  const l = e.layer, j = e.unit + 1;
  const { shown, rest, restCount } = largestTerms(e.forward.terms);
  const terms = shown.map((t) => `\\underbrace{${factor(t.weight)}\\cdot ${factor(t.input)}}_{k=${t.k + 1}}`).join(' + ');
  return [
    `z^{${l}}_{${j}} = \\sum_{k} W^{${l}}_{${j}k}\\,a^{${l - 1}}_{k} + b^{${l}}_{${j}}`,
    `= ${terms}${restTerm(rest, restCount)} + \\underbrace{${factor(e.forward.bias)}}_{b} = ${texNumber(e.z)}`,
    activationTex(e),
  ];
}

/** a_j = σ(z_j) with the numbers (softmax over the whole layer). */
function activationTex(e: UnitExplanation): string {
  const l = e.layer, j = e.unit + 1, f = ACTIVATION_TEX[e.activation];
  if (e.activation === 'softmax') return `a^{${l}}_{${j}} = ${f}(z^{${l}})_{${j}} = ${texNumber(e.a)}`;
  return `a^{${l}}_{${j}} = ${f}(z^{${l}}_{${j}}) = ${f}(${texNumber(e.z)}) = ${texNumber(e.a)}`;
}

/** BP1 at an output unit, in the form the engine applies (product, fused a − y, or the softmax Jacobian row). */
export function outputTex(e: UnitExplanation): string[] {
  const rule = e.output!, L = e.layer, j = e.unit + 1;
  if (rule.kind === 'fused') {
    return [`\\delta^{${L}}_{${j}} = a^{${L}}_{${j}} - y_{${j}} = ${texNumber(e.a)} - ${factor(rule.target)} = ${texNumber(e.delta)}`];
  }
  if (rule.kind === 'product') {
    return [`\\delta^{${L}}_{${j}} = \\frac{\\partial E_x}{\\partial a^{${L}}_{${j}}}\\,\\sigma'(z^{${L}}_{${j}}) = ${factor(rule.dEda)}\\cdot ${factor(e.sigmaPrime ?? 0)} = ${texNumber(e.delta)}`];
  }
  const { shown, rest, restCount } = largestTerms(rule.jacobianRow ?? []);
  const terms = shown.map((t) => `\\underbrace{${factor(t.jacobian)}\\cdot ${factor(t.dEda)}}_{k=${t.k + 1}}`).join(' + ');
  return [
    `\\delta^{${L}}_{${j}} = \\sum_k \\frac{\\partial a^{${L}}_k}{\\partial z^{${L}}_{${j}}}\\,\\frac{\\partial E_x}{\\partial a^{${L}}_k}`,
    `= ${terms}${restTerm(rest, restCount)} = ${texNumber(e.delta)}`,
  ];
}

/** BP2's general form, one term W^{l+1}_kj δ^{l+1}_k (a link in the pane), and the closing line Σ · σ′ = δ. */
export const hiddenTex = {
  rule: (e: UnitExplanation) => `\\delta^{${e.layer}}_{${e.unit + 1}} = \\Big(\\sum_k W^{${e.layer + 1}}_{k${e.unit + 1}}\\,\\delta^{${e.layer + 1}}_k\\Big)\\,\\sigma'(z^{${e.layer}}_{${e.unit + 1}})`,
  term: (e: UnitExplanation, t: { k: number; weight: number; delta: number; product: number }) =>
    `W^{${e.layer + 1}}_{${t.k + 1},${e.unit + 1}}\\,\\delta^{${e.layer + 1}}_{${t.k + 1}} = ${factor(t.weight)}\\cdot ${factor(t.delta)} = ${texNumber(t.product)}`,
  result: (e: UnitExplanation) => `\\Sigma = ${texNumber(e.hidden!.sum)},\\quad \\delta^{${e.layer}}_{${e.unit + 1}} = ${factor(e.hidden!.sum)}\\cdot ${factor(e.sigmaPrime ?? 0)} = ${texNumber(e.delta)}`,
};

/** BP3 and BP4 for this sample (E_x, not the batch mean), in general: ∂E_x/∂b_j = δ_j, ∂E_x/∂W_jk = a_k δ_j. */
export function gradientTex(e: UnitExplanation): string[] {
  const l = e.layer, j = e.unit + 1;
  return [
    `\\frac{\\partial E_x}{\\partial b^{${l}}_{${j}}} = \\delta^{${l}}_{${j}} = ${texNumber(e.db)}`,
    `\\frac{\\partial E_x}{\\partial W^{${l}}_{${j}k}} = a^{${l - 1}}_k\\,\\delta^{${l}}_{${j}}${e.dW.length > SHOWN_TERMS ? `\\quad(\\text{largest ${SHOWN_TERMS} of ${e.dW.length}})` : ''}`,
  ];
}

/** BP4's entries ∂E_x/∂W_jk = a_k δ_j for the largest |a_k δ_j|, each with its k. */
export function weightGradientTex(e: UnitExplanation): { k: number; line: string }[] {
  const l = e.layer, j = e.unit + 1;
  const inputs = new Map(e.forward.terms.map((t) => [t.k, t.input]));
  return largestTerms(weightGradientTerms(e)).shown.map(({ k, product: g }) => ({ k, line: `\\tfrac{\\partial E_x}{\\partial W^{${l}}_{${j},${k + 1}}} = ${factor(inputs.get(k) ?? 0)}\\cdot ${factor(e.delta)} = ${texNumber(g)}` }));
}
