/**
 * The Explain pane's training-step equations as TeX (DOM-free): one parameter's batch mean of BP3/BP4,
 * ∂E/∂θ = (1/m) Σ_i (δ_j a_k)^(i), and the optimizer's update θ ← θ + Δθ with the run's numbers. Columns and
 * neurons count from 1 as in the tooltips.
 */
import type { ParameterStep, ParameterUpdate } from '../../src/protocol';
import { largestTerms } from '../../src/engine/explain/unit';
import { factor, power, restTerm, texNumber } from './explainTex';

/** A parameter value before and after the update: 6 significant digits at any magnitude, so a small step still shows. */
function preciseTex(v: number): string {
  return texNumber(v, 6);
}

/** θ as TeX: W^l_{j,k} or b^l_j. */
export function parameterTex(p: ParameterStep): string {
  return p.parameter === 'bias' ? `b^{${p.layer}}_{${p.unit + 1}}` : `W^{${p.layer}}_{${p.unit + 1},${p.input! + 1}}`;
}

/** Sample i's term: δ_j^(i) a_k^(i), or δ_j^(i) for a bias. */
function shareTex(p: ParameterStep, s: { delta: number; input: number }): string {
  return p.parameter === 'bias' ? factor(s.delta) : `${factor(s.delta)}\\cdot ${factor(s.input)}`;
}

/** ∂E/∂θ = (1/m) Σ_i …: the general form, the largest terms by column, the mean beside backward()'s, and the clicked sample's share. */
export function batchMeanTex(p: ParameterStep, column: number | null): string[] {
  const { m, shares, sum, mean, engine } = p.batch, l = p.layer, j = p.unit + 1;
  const general = p.parameter === 'bias' ? `\\delta^{${l}}_{${j}}(i)` : `\\delta^{${l}}_{${j}}(i)\\,a^{${l - 1}}_{${p.input! + 1}}(i)`;
  const { shown, rest, restCount } = largestTerms(shares);
  const terms = shown.map((s) => `\\underbrace{${shareTex(p, s)}}_{i=${s.column + 1}}`).join(' + ');
  const lines = [
    `\\frac{\\partial E}{\\partial ${parameterTex(p)}} = \\frac{1}{m}\\sum_{i=1}^{m} ${general},\\quad m = ${m}`,
    `= \\tfrac{1}{${m}}\\big(${terms}${restTerm(rest, restCount)}\\big) = \\tfrac{1}{${m}}\\cdot ${factor(sum)} = ${texNumber(mean)}\\quad(\\text{backward(): } ${texNumber(engine)})`,
  ];
  const own = column === null ? undefined : shares.find((s) => s.column === column);
  if (own) lines.push(`\\text{this sample's share } (i = ${column! + 1})\\text{: } \\tfrac{1}{${m}}\\cdot ${factor(own.product)} = ${texNumber(own.product / m)}`);
  return lines;
}

/** g = ∂E/∂θ + λθ when L2 decay applies (weights), else nothing: g is the batch mean. */
function decayTex(u: ParameterUpdate, theta: string): string[] {
  if (u.l2 === 0) return [];
  return [`g = \\frac{\\partial E}{\\partial ${theta}} + \\lambda\\,${theta} = ${factor(u.batchGradient)} + ${texNumber(u.l2)}\\cdot ${factor(u.before)} = ${texNumber(u.gradient)}`];
}

/** The optimizer's lines for this parameter: SGD −η g; momentum v ← μv − η g; Adam's m, v, m̂, v̂ and step. */
export function updateTex(p: ParameterStep): string[] {
  const u = p.update, theta = parameterTex(p), g = u.l2 === 0 ? `\\tfrac{\\partial E}{\\partial ${theta}}` : 'g';
  const result = `= ${preciseTex(u.before)} + ${factor(u.step)} = ${preciseTex(u.after)}`;
  if (u.type === 'sgd') {
    return [...decayTex(u, theta), `${theta} \\leftarrow ${theta} - \\eta\\,${g} = ${preciseTex(u.before)} - ${texNumber(u.learningRate)}\\cdot ${factor(u.gradient)} ${result}`];
  }
  if (u.velocity) {
    const v = u.velocity;
    return [...decayTex(u, theta),
      `v \\leftarrow \\mu v - \\eta\\,${g} = ${texNumber(v.mu)}\\cdot ${factor(v.before)} - ${texNumber(u.learningRate)}\\cdot ${factor(u.gradient)} = ${texNumber(v.after)}`,
      `${theta} \\leftarrow ${theta} + v ${result}`];
  }
  const a = u.adam!;
  return [...decayTex(u, theta),
    `m \\leftarrow \\beta_1 m + (1-\\beta_1)\\,${g} = ${texNumber(a.beta1)}\\cdot ${factor(a.mBefore)} + ${texNumber(1 - a.beta1)}\\cdot ${factor(u.gradient)} = ${texNumber(a.m)}`,
    `v \\leftarrow \\beta_2 v + (1-\\beta_2)\\,${g}^2 = ${texNumber(a.beta2)}\\cdot ${factor(a.vBefore)} + ${texNumber(1 - a.beta2)}\\cdot ${power(u.gradient, 2)} = ${texNumber(a.v)}`,
    `\\hat m = \\frac{m}{1-\\beta_1^{t}} = \\frac{${texNumber(a.m)}}{1-${power(a.beta1, a.t)}} = ${texNumber(a.mHat)},\\quad \\hat v = \\frac{v}{1-\\beta_2^{t}} = ${texNumber(a.vHat)}\\quad(t = ${a.t})`,
    `${theta} \\leftarrow ${theta} - \\eta\\,\\frac{\\hat m}{\\sqrt{\\hat v}+\\varepsilon} = ${preciseTex(u.before)} - ${texNumber(u.learningRate)}\\cdot\\frac{${factor(a.mHat)}}{\\sqrt{${texNumber(a.vHat)}}+${texNumber(a.epsilon)}} ${result}`];
}

/** The trainer's own value after the step when it differs from the float64 arithmetic in the digits shown (float32 runs), else null. */
export function trainedNote(p: ParameterStep): { value: string; why: string } | null {
  if (p.trained === undefined || preciseTex(p.trained) === preciseTex(p.update.after)) return null;
  return { value: `${parameterTex(p)} = ${preciseTex(p.trained)}`, why: 'it computes in float32, this line in float64.' };
}
