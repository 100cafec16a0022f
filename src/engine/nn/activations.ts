/** Activations σ and their derivatives σ', applied to (units × batch) matrices. */
import type { ActivationName } from '../spec/types';
import { Matrix } from './matrix';

export interface Activation {
  readonly name: ActivationName;
  /** a = σ(z) */
  forwardInto(z: Matrix, a: Matrix): void;
  /** out = σ'(z), elementwise (for softmax: the Jacobian's diagonal a(1 − a)). */
  derivativeInto(z: Matrix, a: Matrix, out: Matrix): void;
  /** Where σ is not elementwise (softmax): out = J_σ(z)ᵀ · g per column, the exact Jacobian–vector product. */
  jacobianTransposeTimesInto?(a: Matrix, g: Matrix, out: Matrix): void;
  /** True where σ has a kink at z = 0 (relu, leaky relu). */
  readonly hasKinkAtZero: boolean;
}

const LEAK = 0.01;

function elementwise(name: ActivationName, f: (z: number) => number, df: (z: number, a: number) => number, kink = false): Activation {
  return {
    name,
    hasKinkAtZero: kink,
    forwardInto(z, a) {
      const zs = z.data, as = a.data;
      for (let i = 0; i < zs.length; i++) as[i] = f(zs[i]);
    },
    derivativeInto(z, a, out) {
      const zs = z.data, as = a.data, o = out.data;
      for (let i = 0; i < zs.length; i++) o[i] = df(zs[i], as[i]);
    },
  };
}

/** σ(z) = 1/(1+e^{−z}), σ' = σ(1 − σ) */
const sigmoid = elementwise('sigmoid', (z) => 1 / (1 + Math.exp(-z)), (_z, a) => a * (1 - a));
/** σ(z) = tanh z, σ' = 1 − σ² */
export const tanh = elementwise('tanh', (z) => Math.tanh(z), (_z, a) => 1 - a * a);
/** σ(z) = max(0, z), σ' = [z > 0] */
const relu = elementwise('relu', (z) => (z > 0 ? z : 0), (z) => (z > 0 ? 1 : 0), true);
/** σ(z) = z for z > 0 else 0.01 z, σ' = 1 or 0.01 */
const leakyRelu = elementwise('leaky_relu', (z) => (z > 0 ? z : LEAK * z), (z) => (z > 0 ? 1 : LEAK), true);
/** σ(z) = z, σ' = 1 */
const linear = elementwise('linear', (z) => z, () => 1);

/** σ(z)_j = e^{z_j} / Σ_k e^{z_k} per column; J = diag(a) − a aᵀ */
const softmax: Activation = {
  name: 'softmax',
  hasKinkAtZero: false,
  forwardInto(z, a) {
    const { rows, cols } = z;
    for (let c = 0; c < cols; c++) {
      let max = -Infinity;
      for (let j = 0; j < rows; j++) max = Math.max(max, z.data[j * cols + c]);
      let sum = 0;
      for (let j = 0; j < rows; j++) sum += a.data[j * cols + c] = Math.exp(z.data[j * cols + c] - max);
      for (let j = 0; j < rows; j++) a.data[j * cols + c] /= sum;
    }
  },
  derivativeInto(_z, a, out) {
    for (let i = 0; i < a.data.length; i++) out.data[i] = a.data[i] * (1 - a.data[i]);
  },
  /** (Jᵀ g)_j = a_j (g_j − Σ_k g_k a_k) */
  jacobianTransposeTimesInto(a, g, out) {
    const { rows, cols } = a;
    for (let c = 0; c < cols; c++) {
      let dot = 0;
      for (let k = 0; k < rows; k++) dot += g.data[k * cols + c] * a.data[k * cols + c];
      for (let j = 0; j < rows; j++) out.data[j * cols + c] = a.data[j * cols + c] * (g.data[j * cols + c] - dot);
    }
  },
};

const BY_NAME: Record<ActivationName, Activation> = { sigmoid, tanh, relu, leaky_relu: leakyRelu, linear, softmax };

export function activationByName(name: ActivationName): Activation {
  const a = BY_NAME[name];
  if (!a) throw new Error(`unknown activation "${name}"`);
  return a;
}
