/**
 * One series of a record delta (delta.ts): the buckets of the sender's series from the first one that differs from
 * the receiver's copy. After pairwise merges (every bucket changes) the merged buckets go as their means alone: first,
 * last, count, min and max follow exactly from the held groups of 2^k buckets (copies, min/max, sums of integers), and
 * the sender checks that they do. Series recorded at the same steps share one copy of first, last and count.
 */
import type { SeriesBuckets } from './types';

/**
 * Buckets [from, from + k) of a series; the series ends there (length from + k). With `merged` (length `from`), buckets
 * [0, from) are the held buckets merged in groups of `factor` (default 2) with these means; without it, the held
 * buckets as they are. With `stepsOf` = j, first, last and count are empty here and equal those of tail j (in the
 * delta's order, earlier).
 */
export interface SeriesTail extends SeriesBuckets { from: number; merged?: Float32Array; factor?: number; stepsOf?: number }

const SERIES_ARRAYS = ['first', 'last', 'count', 'mean', 'min', 'max'] as const;
const NO_STEPS = new Float64Array(0);

/** Equal as stored numbers (NaN equals NaN: a NaN bucket is not sent again). */
export function same(a: number, b: number): boolean { return a === b || (a !== a && b !== b); }

/** Index of the first i < min(a, b) where `equal(i)` fails, else min(a, b). */
export function firstDifference(a: number, b: number, equal: (i: number) => boolean): number {
  const n = Math.min(a, b);
  for (let i = 0; i < n; i++) if (!equal(i)) return i;
  return n;
}

/** The buckets of `next` from the first that differs from `held` (merged buckets as means); undefined when none differs. */
export function seriesTail(held: SeriesBuckets, next: SeriesBuckets): SeriesTail | undefined {
  const kept = firstDifference(held.last.length, next.last.length, (i) => SERIES_ARRAYS.every((k) => same(held[k][i], next[k][i])));
  if (kept === next.last.length && held.last.length === next.last.length) return undefined;
  const factor = mergeFactor(held, next);
  const merged = factor ? firstDifference(Math.floor(held.last.length / factor), next.last.length, (i) => isMergedGroup(held, i, factor, next)) : 0;
  const from = Math.max(kept, merged);
  const tail: SeriesTail = {
    from, first: next.first.slice(from), last: next.last.slice(from), count: next.count.slice(from),
    mean: next.mean.slice(from), min: next.min.slice(from), max: next.max.slice(from),
  };
  if (merged > kept) Object.assign(tail, { merged: next.mean.slice(0, merged) }, factor === 2 ? {} : { factor });
  return tail;
}

/** 2^k ≥ 2 when `next`'s first bucket holds as many values as `held`'s first 2^k buckets; else 0. */
function mergeFactor(held: SeriesBuckets, next: SeriesBuckets): number {
  if (!held.count.length || !next.count.length) return 0;
  let sum = held.count[0];
  for (let f = 2; f <= held.count.length; f *= 2) {
    for (let i = f / 2; i < f; i++) sum += held.count[i];
    if (sum === next.count[0]) return f;
    if (sum > next.count[0]) return 0;
  }
  return 0;
}

/** Whether bucket i of `next` is held buckets [i·f, (i+1)·f) in all but the mean (first, last, count, min, max exactly). */
function isMergedGroup(held: SeriesBuckets, i: number, f: number, next: SeriesBuckets): boolean {
  const a = i * f, b = a + f - 1;
  if (next.first[i] !== held.first[a] || next.last[i] !== held.last[b]) return false;
  let count = 0, min = Infinity, max = -Infinity;
  for (let k = a; k <= b; k++) { count += held.count[k]; min = Math.min(min, held.min[k]); max = Math.max(max, held.max[k]); }
  return next.count[i] === count && same(next.min[i], min) && same(next.max[i], max);
}

/** Held buckets merged in groups of f (i < means.length) with the given means. */
function mergedHead(held: SeriesBuckets, means: Float32Array, f: number): SeriesBuckets {
  const n = means.length;
  const out: SeriesBuckets = { first: new Float64Array(n), last: new Float64Array(n), count: new Float64Array(n), mean: means, min: new Float32Array(n), max: new Float32Array(n) };
  for (let i = 0; i < n; i++) {
    const a = i * f, b = a + f - 1;
    let count = 0, min = Infinity, max = -Infinity;
    for (let k = a; k <= b; k++) { count += held.count[k]; min = Math.min(min, held.min[k]); max = Math.max(max, held.max[k]); }
    out.first[i] = held.first[a];
    out.last[i] = held.last[b];
    out.count[i] = count;
    out.min[i] = min;
    out.max[i] = max;
  }
  return out;
}

/** Tails (in the delta's order) whose first, last and count equal an earlier one's refer to it (stepsOf) and carry none. */
export function shareStepsInPlace(tails: (SeriesTail | undefined)[]): void {
  tails.forEach((tail, i) => {
    if (!tail || !tail.first.length) return;
    const j = tails.findIndex((t, k) => k < i && t && t.stepsOf === undefined && t.from === tail.from && sameSteps(t, tail));
    if (j < 0) return;
    Object.assign(tail, { stepsOf: j, first: NO_STEPS, last: NO_STEPS, count: NO_STEPS });
  });
}

function sameSteps(a: SeriesTail, b: SeriesTail): boolean {
  const n = a.first.length;
  if (b.first.length !== n) return false;
  for (let i = 0; i < n; i++) if (a.first[i] !== b.first[i] || a.last[i] !== b.last[i] || a.count[i] !== b.count[i]) return false;
  return true;
}

/** The tails with every stepsOf resolved to the referred tail's arrays (new objects; the message is not written). */
export function resolveSteps(tails: (SeriesTail | undefined)[]): (SeriesTail | undefined)[] {
  const out: (SeriesTail | undefined)[] = [];
  for (const tail of tails) {
    const source = tail?.stepsOf === undefined ? undefined : out[tail.stepsOf];
    out.push(tail && source ? { ...tail, first: source.first, last: source.last, count: source.count } : tail);
  }
  return out;
}

/** `held` with `tail` applied: a new series (or `held` itself when there is no tail). */
export function withTail(held: SeriesBuckets, tail: SeriesTail | undefined): SeriesBuckets {
  if (!tail) return held;
  if (tail.merged) held = mergedHead(held, tail.merged, tail.factor ?? 2);
  const join = <A extends Float64Array | Float32Array>(head: A, rest: A): A => {
    const out = new (head.constructor as new (n: number) => A)(tail.from + rest.length);
    out.set(head.subarray(0, tail.from));
    out.set(rest, tail.from);
    return out;
  };
  return {
    first: join(held.first, tail.first), last: join(held.last, tail.last), count: join(held.count, tail.count),
    mean: join(held.mean, tail.mean), min: join(held.min, tail.min), max: join(held.max, tail.max),
  };
}
