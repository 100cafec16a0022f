/**
 * Explain one parameter's update: the optimizer's arithmetic for a single weight or bias, from its state before the
 * step and the batch gradient, in the same operations and order as optimizers.ts (so `after` is the trained value).
 */
import type { OptimizerState } from '../nn/optimizers';
import type { OptimizerType } from '../spec/types';

/** Adam's numbers for one parameter: m ← β1 m + (1−β1) g, v ← β2 v + (1−β2) g², m̂ = m/(1−β1^t), v̂ = v/(1−β2^t). */
interface AdamTerms { t: number; beta1: number; beta2: number; epsilon: number; mBefore: number; vBefore: number; m: number; v: number; mHat: number; vHat: number }

/** Momentum's numbers for one parameter: v ← μ v − η g. */
interface VelocityTerms { mu: number; before: number; after: number }

/** θ ← θ + Δθ for one weight or bias, with the optimizer's intermediate numbers. */
export interface ParameterUpdate {
  type: OptimizerType;
  learningRate: number;
  /** The batch mean ∂E/∂θ (backward()'s value). */
  batchGradient: number;
  /** λ, when L2 decay applies to this parameter (weights only), else 0. */
  l2: number;
  /** g = ∂E/∂θ + λθ: what the optimizer is given. */
  gradient: number;
  before: number;
  /** Δθ = −η g (sgd), v (momentum), −η m̂ / (√v̂ + ε) (adam). */
  step: number;
  after: number;
  velocity: VelocityTerms | null;
  adam: AdamTerms | null;
}

/** Which parameter of layer l: weight W_jk (index j·fanIn + k) or bias b_j (index j). */
export interface ParameterRef { layer: number; parameter: 'weight' | 'bias'; index: number }

/** The state slots (none, [v] or [m, v]) of one parameter before the step. */
function slotsOf(state: OptimizerState, ref: ParameterRef): number[] {
  const layer = state.layers[ref.layer - 1];
  return (ref.parameter === 'weight' ? layer.W : layer.b).map((slot) => slot[ref.index]);
}

/** The optimizer's update of one parameter holding `before`, given the batch mean ∂E/∂θ = `batchGradient`. */
export function explainUpdate(state: OptimizerState, ref: ParameterRef, before: number, batchGradient: number): ParameterUpdate {
  const l2 = ref.parameter === 'weight' ? state.l2 : 0;
  const gradient = l2 > 0 ? batchGradient + l2 * before : batchGradient;
  const lr = state.learningRate, slots = slotsOf(state, ref);
  const base = { type: state.type, learningRate: lr, batchGradient, l2, gradient, before, velocity: null, adam: null };
  if (state.type === 'sgd') return { ...base, step: -(lr * gradient), after: before - lr * gradient };
  if (state.type === 'momentum') {
    const v = state.momentum * slots[0] - lr * gradient;
    return { ...base, step: v, after: before + v, velocity: { mu: state.momentum, before: slots[0], after: v } };
  }
  return adamUpdate(state, base, slots[0], slots[1]);
}

/** m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²; θ ← θ − η m̂ / (√v̂ + ε), with t the update's number. */
function adamUpdate(state: OptimizerState, base: Omit<ParameterUpdate, 'step' | 'after'>, mBefore: number, vBefore: number): ParameterUpdate {
  const { beta1, beta2, epsilon } = state, t = state.t + 1, g = base.gradient;
  const c1 = 1 - Math.pow(beta1, t), c2 = 1 - Math.pow(beta2, t);
  const m = beta1 * mBefore + (1 - beta1) * g;
  const v = beta2 * vBefore + (1 - beta2) * g * g;
  const mHat = m / c1, vHat = v / c2;
  const decrease = (base.learningRate * mHat) / (Math.sqrt(vHat) + epsilon);
  return { ...base, step: -decrease, after: base.before - decrease, adam: { t, beta1, beta2, epsilon, mBefore, vBefore, m, v, mHat, vHat } };
}
