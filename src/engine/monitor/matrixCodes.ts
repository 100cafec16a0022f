/**
 * Matrices at the precision a heatmap shows, for the monitor's wire: each value as a 16-bit code with one scale per
 * matrix, v ≈ code · scale with scale = max|v| / 32767, so |error| ≤ scale / 2 = max|v| / 65534 and 0 stays 0 (a
 * colour scale has 257 levels: the error is below 1/250 of a level at the matrix's largest value). A matrix holding
 * NaN or ±∞ travels exact. Half the bytes of Float32Array.
 */
import type { WireMatrix } from '../../protocol';

const CODE_MAX = 32767;

/** `values` as codes (scale = max|v| / 32767; 0 for an all-zero matrix), or the values themselves when one is not finite. */
export function encodeMatrix(values: Float32Array): WireMatrix {
  let largest = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) return values;
    largest = Math.max(largest, Math.abs(v));
  }
  const scale = largest / CODE_MAX;
  const codes = new Int16Array(values.length);
  if (scale > 0) for (let i = 0; i < values.length; i++) codes[i] = Math.round(values[i] / scale);
  return { codes, scale };
}

/** The values a wire matrix stands for: code · scale (exact matrices as they came). */
export function decodeMatrix(matrix: WireMatrix): Float32Array {
  if (matrix instanceof Float32Array) return matrix;
  const values = new Float32Array(matrix.codes.length);
  for (let i = 0; i < values.length; i++) values[i] = matrix.codes[i] * matrix.scale;
  return values;
}
