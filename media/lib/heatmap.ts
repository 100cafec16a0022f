/** Heatmap layout and pixels, DOM-free: matrices (rows × cols, row-major) → RGBA pixels, one pixel per cell. */
import { LUT_SIZE } from './palette';

export interface Matrix { rows: number; cols: number; values: ArrayLike<number> }

/** Neurons × time: row j, column t holds the batch-mean δ_j of the t-th snapshot in the history. */
export function timeMatrix(history: readonly { step: number; mean: Float32Array }[], units: number): Matrix & { steps: number[] } {
  const cols = history.length;
  const values = new Float32Array(units * cols);
  history.forEach((entry, t) => {
    for (let j = 0; j < units; j++) values[j * cols + t] = entry.mean[j] ?? NaN;
  });
  return { rows: units, cols, values, steps: history.map((e) => e.step) };
}

/**
 * Fills `pixels` (rows·cols·4 bytes) with the diverging colour of each cell on [−limit, limit]: the same index as
 * divergingIndex, inlined, one 32-bit store per pixel (≈ 400k pixels per update for a 784-256-128-10 network).
 */
export function paintDiverging(pixels: Uint8ClampedArray, m: Matrix, limit: number, lut: Uint8ClampedArray): void {
  const out = new Uint32Array(pixels.buffer, pixels.byteOffset, m.rows * m.cols);
  const colours = new Uint32Array(lut.buffer, lut.byteOffset, LUT_SIZE);
  const mid = (LUT_SIZE - 1) / 2;
  const scale = limit > 0 ? mid / limit : 0;
  const values = m.values;
  for (let i = 0; i < out.length; i++) {
    let u = values[i] * scale;
    if (u !== u) u = 0; // NaN
    else if (u > mid) u = mid;
    else if (u < -mid) u = -mid;
    out[i] = colours[u >= 0 ? mid + Math.round(u) : mid - Math.round(-u)];
  }
}

/** Fills `pixels` with the sequential colour of each cell on [0, max] (as sequentialIndex, inlined). */
export function paintSequential(pixels: Uint8ClampedArray, m: Matrix, max: number, lut: Uint8ClampedArray): void {
  const out = new Uint32Array(pixels.buffer, pixels.byteOffset, m.rows * m.cols);
  const colours = new Uint32Array(lut.buffer, lut.byteOffset, LUT_SIZE);
  const scale = max > 0 ? (LUT_SIZE - 1) / max : 0;
  const values = m.values;
  for (let i = 0; i < out.length; i++) {
    let u = values[i] * scale;
    if (!(u > 0)) u = 0; // also NaN
    else if (u > LUT_SIZE - 1) u = LUT_SIZE - 1;
    out[i] = colours[Math.round(u)];
  }
}

/** Each column divided by its largest |v| (columns of zeros stay 0): shows which neurons carry δ at each step. */
export function normalizeColumns(m: Matrix): Matrix {
  const values = new Float32Array(m.rows * m.cols);
  for (let c = 0; c < m.cols; c++) {
    let max = 0;
    for (let r = 0; r < m.rows; r++) {
      const a = Math.abs(m.values[r * m.cols + c]);
      if (a > max && Number.isFinite(a)) max = a;
    }
    for (let r = 0; r < m.rows; r++) values[r * m.cols + c] = max > 0 ? m.values[r * m.cols + c] / max : 0;
  }
  return { rows: m.rows, cols: m.cols, values };
}

/** The cell under a point of an element drawn cols × rows stretched over width × height CSS pixels, or null outside. */
export function cellAt(x: number, y: number, width: number, height: number, cols: number, rows: number): { row: number; col: number } | null {
  if (x < 0 || y < 0 || x >= width || y >= height || cols === 0 || rows === 0) return null;
  return { row: Math.floor((y / height) * rows), col: Math.floor((x / width) * cols) };
}

/** CSS height of a heatmap with `rows` neurons: 4 px a row, between 24 and 160 px. */
export function heatmapHeight(rows: number): number {
  return Math.max(24, Math.min(160, rows * 4));
}

/** A matrix's value at (row, col). */
export function valueAt(m: Matrix, row: number, col: number): number {
  return m.values[row * m.cols + col];
}
