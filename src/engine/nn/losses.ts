/** Losses E(a, y) over (units × batch) matrices and their gradients ∇_a E. */
import type { ActivationName, DenseLayerSpec, LossName, NetworkSpec } from '../spec/types';
import { Matrix } from './matrix';

export interface Loss {
  readonly name: LossName;
  /** Σ over the batch's samples of the per-sample loss (the caller averages). */
  sum(a: Matrix, y: Matrix): number;
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

/** Categorical, over a softmax output: E = −Σ_j y_j ln a_j, ∇_a E = −y/a (with softmax, δ^L = a − y). */
export const categoricalCrossEntropy: Loss = {
  name: 'cross_entropy',
  sum(a, y) {
    let s = 0;
    for (let i = 0; i < a.data.length; i++) if (y.data[i] !== 0) s -= y.data[i] * Math.log(Math.max(a.data[i], TINY));
    return s;
  },
  gradientInto(a, y, out) {
    for (let i = 0; i < a.data.length; i++) out.data[i] = -y.data[i] / clampProbability(a.data[i]);
  },
};

/**
 * Per-unit binary, over sigmoid outputs (one unit, or several as one-vs-rest):
 * E = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)], ∇_a E = (a − y) / (a(1 − a)) (with sigmoid, δ^L = a − y).
 */
export const binaryCrossEntropy: Loss = {
  name: 'cross_entropy',
  sum(a, y) {
    let s = 0;
    for (let i = 0; i < a.data.length; i++) {
      const ai = a.data[i], yi = y.data[i];
      if (yi !== 0) s -= yi * Math.log(Math.max(ai, TINY));
      if (yi !== 1) s -= (1 - yi) * Math.log(Math.max(1 - ai, TINY));
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

/** cross_entropy is categorical over a softmax output and per-unit binary over any other (sigmoid) output. */
export function lossByName(name: LossName, outputActivation: ActivationName): Loss {
  if (name === 'mse') return mse;
  if (name === 'cross_entropy') return outputActivation === 'softmax' ? categoricalCrossEntropy : binaryCrossEntropy;
  throw new Error(`unknown loss "${name}"`);
}

/** The loss of a spec: its `loss` read against its output layer's activation. */
export function lossOfSpec(spec: NetworkSpec): Loss {
  const output = spec.layers[spec.layers.length - 1] as DenseLayerSpec;
  return lossByName(spec.loss, output.activation);
}
