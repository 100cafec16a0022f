/**
 * Feature normalisation x' = (x − shift) / scale. Statistics come from the training split only and travel
 * with the model, so a prediction on raw inputs applies exactly the same map.
 */
import { NormalizeName } from '../spec/types';
import { DataError, NormalizationStats } from './dataset';

/** Per-feature mean and population standard deviation of `count` rows (a constant feature gets scale 1). */
function standardizeStats(x: Float64Array, count: number, width: number): NormalizationStats {
  const shift = new Array<number>(width).fill(0);
  const scale = new Array<number>(width).fill(0);
  for (let i = 0; i < count; i++) for (let k = 0; k < width; k++) shift[k] += x[i * width + k];
  for (let k = 0; k < width; k++) shift[k] /= count;
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < width; k++) {
      const d = x[i * width + k] - shift[k];
      scale[k] += d * d;
    }
  }
  for (let k = 0; k < width; k++) {
    const sd = Math.sqrt(scale[k] / count);
    scale[k] = sd > 0 ? sd : 1;
  }
  return { method: 'standardize', shift, scale };
}

/** Per-feature min and range max − min (a constant feature gets scale 1). */
function minmaxStats(x: Float64Array, count: number, width: number): NormalizationStats {
  const min = new Array<number>(width).fill(Infinity);
  const max = new Array<number>(width).fill(-Infinity);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < width; k++) {
      const v = x[i * width + k];
      if (v < min[k]) min[k] = v;
      if (v > max[k]) max[k] = v;
    }
  }
  const scale = min.map((lo, k) => (max[k] - lo > 0 ? max[k] - lo : 1));
  return { method: 'minmax', shift: min, scale };
}

/** Statistics of the first `count` rows of x (the training split) for `method`; null for 'none'. */
function fitNormalization(method: NormalizeName, x: Float64Array, count: number, width: number): NormalizationStats | null {
  if (method === 'none' || count === 0) return null;
  return method === 'standardize' ? standardizeStats(x, count, width) : minmaxStats(x, count, width);
}

/**
 * The map a run uses: a saved model's when one is given (its weights were trained on inputs mapped that way), else
 * statistics of the training split. A saved map of another method or width is refused, as differing shapes are.
 */
export function chooseNormalization(method: NormalizeName, x: Float64Array, count: number, width: number, saved?: NormalizationStats | null): NormalizationStats | null {
  if (saved === undefined) return fitNormalization(method, x, count, width);
  const savedMethod = saved?.method ?? 'none';
  if (savedMethod !== method) {
    throw new DataError(`the model was trained on inputs normalised with "${savedMethod}", the spec's data.normalize is "${method}": set it to "${savedMethod}", or train from scratch`);
  }
  if (saved && saved.method !== 'none' && (saved.shift.length !== width || saved.scale.length !== width)) {
    throw new DataError(`the model's normalisation has ${saved.shift.length} features, the data ${width}`);
  }
  return saved && saved.method !== 'none' ? saved : null;
}

/** x'[i, k] = (x[i, k] − shift[k]) / scale[k] for every row, in place. */
export function normalizeRowsInPlace(stats: NormalizationStats, x: Float64Array, width: number): void {
  const { shift, scale } = stats;
  if (shift.length !== width) {
    throw new DataError(`normalisation has ${shift.length} features, the input has ${width}`);
  }
  for (let i = 0; i < x.length; i += width) {
    for (let k = 0; k < width; k++) x[i + k] = (x[i + k] - shift[k]) / scale[k];
  }
}

/** One raw input vector mapped as in training: (raw − shift) / scale (identity when stats is null). */
export function normalizeInput(stats: NormalizationStats | null, raw: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(raw as ArrayLike<number>);
  if (stats && stats.method !== 'none') normalizeRowsInPlace(stats, out, out.length);
  return out;
}
