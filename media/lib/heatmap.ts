/** Heatmap layout and pixels, DOM-free: matrices (rows × cols, row-major) → RGBA pixels, one pixel per cell. */
import { divergingIndex, sequentialIndex } from './palette';

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

/** Fills `pixels` (rows·cols·4 bytes) with the diverging colour of each cell on [−limit, limit]. */
export function paintDiverging(pixels: Uint8ClampedArray, m: Matrix, limit: number, lut: Uint8ClampedArray): void {
  const n = m.rows * m.cols;
  for (let i = 0; i < n; i++) copyLutEntry(pixels, i, lut, divergingIndex(m.values[i], limit));
}

/** Fills `pixels` with the sequential colour of each cell on [0, max]. */
export function paintSequential(pixels: Uint8ClampedArray, m: Matrix, max: number, lut: Uint8ClampedArray): void {
  const n = m.rows * m.cols;
  for (let i = 0; i < n; i++) copyLutEntry(pixels, i, lut, sequentialIndex(m.values[i], max));
}

function copyLutEntry(pixels: Uint8ClampedArray, i: number, lut: Uint8ClampedArray, k: number): void {
  pixels[4 * i] = lut[4 * k];
  pixels[4 * i + 1] = lut[4 * k + 1];
  pixels[4 * i + 2] = lut[4 * k + 2];
  pixels[4 * i + 3] = 255;
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
