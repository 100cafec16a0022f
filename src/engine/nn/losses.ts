/** Losses E(a, y) over (units × batch) matrices and their gradients ∇_a E. */
import type { ActivationName, DenseLayerSpec, LossName, NetworkSpec } from '../spec/types';
import { Matrix } from './matrix';

export interface Loss {
  readonly name: LossName;
  /**
   * Σ over the batch's samples of the per-sample loss (the caller averages). With `z` (the output's z^L, a = σ(z)),
   * cross-entropy over sigmoid or softmax is computed from z, so a saturated output keeps its loss's digits.
   */
  sum(a: Matrix, y: Matrix, z?: Matrix): number;
  /** out = ∇_a E for each sample (column), not averaged. */
  gradientInto(a: Matrix, y: Matrix, out: Matrix): void;
}

const TINY = 1e-300;

/** E = ½‖a − y‖², ∇_a E = a − y */
export const mse: Loss = {
  name: 'mse',
  sum(a, y) {
    let s = 0;
    for (let i = 0; i < a.data.length; i++) {
      const d = a.data[i] - y.data[i];
      s += d * d;
    }
    return 0.5 * s;
  },
  gradientInto(a, y, out) {
    for (let i = 0; i < a.data.length; i++) out.data[i] = a.data[i] - y.data[i];
  },
};

/** Clamps a into [TINY, 1 − 1e-16] so ln a, ln(1 − a) and 1/(a(1 − a)) stay finite. */
function clampProbability(a: number): number {
  return Math.min(Math.max(a, TINY), 1 - 1e-16);
}

/**
 * Categorical, over a softmax output: E = −Σ_j y_j ln a_j = Σ_j y_j (logsumexp(z) − z_j) (from z when given: an a_j
 * that rounds to 1 keeps its loss), ∇_a E = −y/a (with softmax, δ^L = a − y).
 */
export const categoricalCrossEntropy: Loss = {
  name: 'cross_entropy',
  sum(a, y, z) {
    let s = 0;
    if (z) for (let c = 0; c < z.cols; c++) s += softmaxColumnLossFromZ(z, y, c);
    else for (let i = 0; i < a.data.length; i++) if (y.data[i] !== 0) s -= y.data[i] * Math.log(Math.max(a.data[i], TINY));
    return s;
  },
  gradientInto(a, y, out) {
    for (let i = 0; i < a.data.length; i++) out.data[i] = -y.data[i] / clampProbability(a.data[i]);
  },
};

/** Σ_j y_j (logsumexp(z) − z_j) of column c, with logsumexp(z) − max z = log1p(Σ_{k ≠ argmax} e^{z_k − max z}). */
function softmaxColumnLossFromZ(z: Matrix, y: Matrix, c: number): number {
  let top = 0;
  for (let k = 1; k < z.rows; k++) if (z.data[k * z.cols + c] > z.data[top * z.cols + c]) top = k;
  const max = z.data[top * z.cols + c];
  let others = 0;
  for (let k = 0; k < z.rows; k++) if (k !== top) others += Math.exp(z.data[k * z.cols + c] - max);
  const logSumExpAboveMax = Math.log1p(others);
  let s = 0;
  for (let j = 0; j < z.rows; j++) {
    const yj = y.data[j * z.cols + c];
    if (yj !== 0) s += yj * (max - z.data[j * z.cols + c] + logSumExpAboveMax);
  }
  return s;
}

/**
 * Per-unit binary, over sigmoid outputs (one unit, or several as one-vs-rest):
 * E = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)], ∇_a E = (a − y) / (a(1 − a)) (with sigmoid, δ^L = a − y).
 * From a alone, ln(1 − a) is log1p(−a).
 */
export const binaryCrossEntropy: Loss = {
  name: 'cross_entropy',
  sum(a, y) {
    let s = 0;
    for (let i = 0; i < a.data.length; i++) {
      const ai = a.data[i], yi = y.data[i];
      if (yi !== 0) s -= yi * Math.log(Math.max(ai, TINY));
      if (yi !== 1) s -= (1 - yi) * Math.max(Math.log1p(-ai), Math.log(TINY));
    }
    return s;
  },
  gradientInto(a, y, out) {
    for (let i = 0; i < a.data.length; i++) {
      const ai = clampProbability(a.data[i]);
      out.data[i] = (ai - y.data[i]) / (ai * (1 - ai));
    }
  },
};

/** Binary cross-entropy over a = sigmoid(z), from z when given: E = Σ max(z, 0) − z·y + log1p(e^−|z|) (softplus form). */
const sigmoidCrossEntropy: Loss = {
  ...binaryCrossEntropy,
  sum(a, y, z) {
    if (!z) return binaryCrossEntropy.sum(a, y);
    let s = 0;
    for (let i = 0; i < z.data.length; i++) {
      const zi = z.data[i];
      s += Math.max(zi, 0) - zi * y.data[i] + Math.log1p(Math.exp(-Math.abs(zi)));
    }
    return s;
  },
};

/** cross_entropy is categorical over a softmax output and per-unit binary over any other (sigmoid: from z) output. */
export function lossByName(name: LossName, outputActivation: ActivationName): Loss {
  if (name === 'mse') return mse;
  if (name === 'cross_entropy' && outputActivation === 'softmax') return categoricalCrossEntropy;
  if (name === 'cross_entropy') return outputActivation === 'sigmoid' ? sigmoidCrossEntropy : binaryCrossEntropy;
  throw new Error(`unknown loss "${name}"`);
}

/** The loss of a spec: its `loss` read against its output layer's activation. */
export function lossOfSpec(spec: NetworkSpec): Loss {
  const output = spec.layers[spec.layers.length - 1] as DenseLayerSpec;
  return lossByName(spec.loss, output.activation);
}
