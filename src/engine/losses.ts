/** Losses E(a, y) over (units × batch) matrices and their gradients ∇_a E. */
import type { LossName } from './spec/types';
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

/**
 * Categorical (several output units): E = −Σ_j y_j ln a_j, ∇_a E = −y/a.
 * Binary (one output unit): E = −[y ln a + (1 − y) ln(1 − a)], ∇_a E = (a − y) / (a(1 − a)).
 */
export const crossEntropy: Loss = {
  name: 'cross_entropy',
  sum(a, y) {
    let s = 0;
    const binary = a.rows === 1;
    for (let i = 0; i < a.data.length; i++) {
      const ai = a.data[i], yi = y.data[i];
      if (yi !== 0) s -= yi * Math.log(Math.max(ai, TINY));
      if (binary && yi !== 1) s -= (1 - yi) * Math.log(Math.max(1 - ai, TINY));
    }
    return s;
  },
  gradientInto(a, y, out) {
    const binary = a.rows === 1;
    for (let i = 0; i < a.data.length; i++) {
      const ai = Math.min(Math.max(a.data[i], TINY), 1 - 1e-16), yi = y.data[i];
      out.data[i] = binary ? (ai - yi) / (ai * (1 - ai)) : -yi / ai;
    }
  },
};

export function lossByName(name: LossName): Loss {
  if (name === 'mse') return mse;
  if (name === 'cross_entropy') return crossEntropy;
  throw new Error(`unknown loss "${name}"`);
}
