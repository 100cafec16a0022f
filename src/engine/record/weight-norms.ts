/**
 * The record's weight quantities without copying the network: ‖W‖, ‖∂E/∂W‖ and the update ‖W⁺ − W⁻‖ read from the
 * trainer's own storage, the weights before the step held in one reused buffer per layer (same element type: a memcpy).
 */
import type { LiveLayer, StridedMatrix } from '../training-types';

/** Per layer ‖W^l‖, ‖∂E/∂W^l‖ and ‖ΔW^l‖ of one step. */
export interface WeightNorms { weightNorm: number; gradNorm: number; updateNorm: number }

/** ‖M‖_F = √(Σ_jk M_jk²) over the cols of each row (padding skipped). */
function stridedNorm(m: StridedMatrix): number {
  const v = m.values;
  let s0 = 0, s1 = 0;
  for (let r = 0; r < m.rows; r++) {
    const start = r * m.stride, end = start + m.cols, pairs = start + ((end - start) & ~1);
    let k = start;
    for (; k < pairs; k += 2) { s0 += v[k] * v[k]; s1 += v[k + 1] * v[k + 1]; }
    if (k < end) s0 += v[k] * v[k];
  }
  return Math.sqrt(s0 + s1);
}

/** ‖A − B‖_F over the cols of each row; B has A's layout. */
function stridedDistance(a: StridedMatrix, b: ArrayLike<number>): number {
  const v = a.values;
  let s0 = 0, s1 = 0;
  for (let r = 0; r < a.rows; r++) {
    const start = r * a.stride, end = start + a.cols, pairs = start + ((end - start) & ~1);
    let k = start;
    for (; k < pairs; k += 2) { const d0 = v[k] - b[k], d1 = v[k + 1] - b[k + 1]; s0 += d0 * d0; s1 += d1 * d1; }
    if (k < end) { const d = v[k] - b[k]; s0 += d * d; }
  }
  return Math.sqrt(s0 + s1);
}

/** Holds the weights before a step (`hold`), then measures the step's update against them (`measure`). */
export class WeightsBefore {
  private copies: (Float32Array | Float64Array)[] = [];

  /** Copies every layer's weights into the reused buffers. */
  hold(layers: LiveLayer[]): void {
    layers.forEach((l, i) => {
      const values = l.weights.values;
      let copy = this.copies[i];
      if (!copy || copy.length !== values.length || copy.constructor !== values.constructor) {
        copy = this.copies[i] = values instanceof Float32Array ? new Float32Array(values.length) : new Float64Array(values.length);
      }
      copy.set(values);
    });
  }

  /** ‖W⁺‖, ‖∂E/∂W‖ and ‖W⁺ − W⁻‖ of every layer, W⁻ being the weights last held. */
  measure(layers: LiveLayer[]): WeightNorms[] {
    return layers.map((l, i) => ({ weightNorm: stridedNorm(l.weights), gradNorm: stridedNorm(l.dW), updateNorm: stridedDistance(l.weights, this.copies[i]) }));
  }
}
