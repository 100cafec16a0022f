/** The reference trainer's weight norms for the δ record: ‖W‖, ‖∂E/∂W‖ and ‖W − W_held‖ against one reused copy. */
import type { WeightNorms } from '../train/training-types';

/** ‖v‖₂ = √(Σ v_i²) */
function norm(v: Float64Array): number {
  let sq = 0;
  for (let i = 0; i < v.length; i++) sq += v[i] * v[i];
  return Math.sqrt(sq);
}

/** ‖a − b‖₂ */
function distance(a: Float64Array, b: Float64Array): number {
  let sq = 0;
  for (let i = 0; i < a.length; i++) { const d = a[i] - b[i]; sq += d * d; }
  return Math.sqrt(sq);
}

/** Holds copies of the weights (buffers reused from hold to hold) and measures later weights against them. */
export class WeightsHeld {
  private copies: Float64Array[] = [];

  hold(weights: Float64Array[]): void {
    this.copies = weights.map((w, i) => {
      const copy = this.copies[i]?.length === w.length ? this.copies[i] : new Float64Array(w.length);
      copy.set(w);
      return copy;
    });
  }

  /** Per layer ‖W‖, ‖∂E/∂W‖ and ‖W − W_held‖. */
  measure(weights: Float64Array[], dW: Float64Array[]): WeightNorms[] {
    return weights.map((w, i) => ({ weightNorm: norm(w), gradNorm: norm(dW[i]), updateNorm: distance(w, this.copies[i]) }));
  }
}
