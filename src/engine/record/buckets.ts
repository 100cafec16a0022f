/**
 * Bounded multi-resolution series: at most `capacity` buckets over a whole run. Values fill buckets of `width`
 * values each; when every bucket is full, neighbours merge pairwise and the width doubles. A bucket keeps
 * n, Σv, min v and max v, so merging is exact: mean = Σv / n, min = min(min₁, min₂), max = max(max₁, max₂).
 */
import type { SeriesBuckets } from './types';

export class BucketSeries {
  private used = 0;
  private width = 1;
  private readonly first: Float64Array;
  private readonly last: Float64Array;
  private readonly count: Float64Array;
  private readonly sum: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;

  /** `capacity` is rounded up to an even number ≥ 2. */
  constructor(readonly capacity: number) {
    this.capacity = Math.max(2, capacity + (capacity % 2));
    [this.first, this.last, this.count, this.sum, this.min, this.max] = Array.from({ length: 6 }, () => new Float64Array(this.capacity));
  }

  get length(): number { return this.used; }
  /** Values per full bucket (doubles with every merge). */
  get valuesPerBucket(): number { return this.width; }

  /** Adds value v at x (x ascending: a step or an epoch). */
  add(x: number, v: number): void {
    let b = this.used - 1;
    if (b < 0 || this.count[b] >= this.width) {
      if (this.used === this.capacity) this.mergePairsInPlace();
      b = this.used++;
      this.first[b] = x;
      this.count[b] = 0; this.sum[b] = 0; this.min[b] = Infinity; this.max[b] = -Infinity;
    }
    this.last[b] = x;
    this.count[b]++;
    this.sum[b] += v;
    if (v < this.min[b]) this.min[b] = v;
    if (v > this.max[b]) this.max[b] = v;
    if (Number.isNaN(v)) this.min[b] = this.max[b] = NaN;
  }

  /** Bucket 2i ← bucket 2i ∪ bucket 2i+1 for every pair (every bucket is full when this runs). */
  private mergePairsInPlace(): void {
    const half = this.used >> 1;
    for (let i = 0; i < half; i++) {
      const a = 2 * i, b = a + 1;
      this.first[i] = this.first[a];
      this.last[i] = this.last[b];
      this.count[i] = this.count[a] + this.count[b];
      this.sum[i] = this.sum[a] + this.sum[b];
      this.min[i] = Math.min(this.min[a], this.min[b]);
      this.max[i] = Math.max(this.max[a], this.max[b]);
    }
    this.used = half;
    this.width *= 2;
  }

  /** Bucket i as plain numbers (tests, summaries). */
  bucket(i: number): { first: number; last: number; count: number; mean: number; min: number; max: number } {
    return { first: this.first[i], last: this.last[i], count: this.count[i], mean: this.sum[i] / this.count[i], min: this.min[i], max: this.max[i] };
  }

  /** A copy for the monitor and the run folder (means, mins and maxes as float32). */
  toMessage(): SeriesBuckets {
    const n = this.used;
    const mean = new Float32Array(n);
    for (let i = 0; i < n; i++) mean[i] = this.sum[i] / this.count[i];
    return {
      first: this.first.slice(0, n), last: this.last.slice(0, n), count: this.count.slice(0, n),
      mean, min: Float32Array.from(this.min.subarray(0, n)), max: Float32Array.from(this.max.subarray(0, n)),
    };
  }
}

/**
 * The neurons × time map: per-unit values averaged into at most `capacity` columns over the run (merged pairwise
 * like BucketSeries). Column c holds Σ and n of the vectors added to it; its value is Σ / n per unit.
 */
export class ColumnMap {
  private used = 0;
  private width = 1;
  private readonly sums: Float64Array;
  private readonly count: Float64Array;
  private readonly last: Float64Array;

  constructor(readonly units: number, readonly capacity: number) {
    this.capacity = Math.max(2, capacity + (capacity % 2));
    this.sums = new Float64Array(units * this.capacity); // column-major: column c at [c·units, (c+1)·units)
    this.count = new Float64Array(this.capacity);
    this.last = new Float64Array(this.capacity);
  }

  get columns(): number { return this.used; }

  /** Adds one vector (length units) at step x: the mean over `weight` steps ending at x (1: step x's own). */
  add(x: number, values: ArrayLike<number>, weight = 1): void {
    let c = this.used - 1;
    if (c < 0 || this.count[c] >= this.width) {
      if (this.used === this.capacity) this.mergePairsInPlace();
      c = this.used++;
      this.count[c] = 0;
      this.sums.fill(0, c * this.units, (c + 1) * this.units);
    }
    const base = c * this.units;
    for (let j = 0; j < this.units; j++) this.sums[base + j] += values[j] * weight;
    this.count[c] += weight;
    this.last[c] = x;
  }

  private mergePairsInPlace(): void {
    const half = this.used >> 1, u = this.units;
    for (let i = 0; i < half; i++) {
      const a = 2 * i * u, b = a + u;
      for (let j = 0; j < u; j++) this.sums[i * u + j] = this.sums[a + j] + this.sums[b + j];
      this.count[i] = this.count[2 * i] + this.count[2 * i + 1];
      this.last[i] = this.last[2 * i + 1];
    }
    this.used = half;
    this.width *= 2;
  }

  /** Row-major (unit j, column c) column means, with each column's last step. */
  toMessage(): { units: number; columns: number; last: Float64Array; values: Float32Array } {
    const n = this.used, u = this.units, values = new Float32Array(u * n);
    for (let c = 0; c < n; c++) for (let j = 0; j < u; j++) values[j * n + c] = this.sums[c * u + j] / this.count[c];
    return { units: u, columns: n, last: this.last.slice(0, n), values };
  }
}
