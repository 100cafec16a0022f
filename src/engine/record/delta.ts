/**
 * What changed in a RunRecord since a copy the receiver holds (the monitor's webview): per series, the buckets from the
 * first one that differs to the end (an append changes the last bucket or adds one), the δ map's columns likewise, the
 * frame steps from the first that differs. A pairwise merge (which changes every bucket) goes as the merged buckets'
 * means alone: their first, last, count, min and max follow exactly from the held pairs (min/max/sum of integers), and
 * the sender checks that they do. applyRecordDelta(held, recordDelta(held, next)) equals `next` value for value.
 */
import type { LayerRecord, RunRecord, SeriesBuckets } from './types';

/**
 * Buckets [from, from + k) of a series; the series ends there (length from + k). With `merged` (length `from`), buckets
 * [0, from) are the held buckets merged pairwise (2i ∪ 2i+1) with these means; without it, the held buckets as they are.
 */
interface SeriesTail extends SeriesBuckets { from: number; merged?: Float32Array }

/** Columns [from, columns) of a δ map: `last` per column, `values` column by column (column c at [(c − from)·units, …)). */
interface MapTail { from: number; columns: number; last: Float64Array; values: Float32Array }

type LayerSeriesKey = 'deltaNorm' | 'deadShare' | 'saturatedShare' | 'gradNorm' | 'weightNorm' | 'updateRatio';
type EpochSeriesKey = keyof RunRecord['epochs'];
const LAYER_KEYS: readonly LayerSeriesKey[] = ['deltaNorm', 'deadShare', 'saturatedShare', 'gradNorm', 'weightNorm', 'updateRatio'];
const EPOCH_KEYS: readonly EpochSeriesKey[] = ['trainLoss', 'trainAccuracy', 'testLoss', 'testAccuracy'];

/** A series or map absent from a delta is unchanged. */
export interface RecordDelta {
  stride: number;
  lastStep: number;
  loss?: SeriesTail;
  layers: (Partial<Record<LayerSeriesKey, SeriesTail>> & { deltaMap?: MapTail })[];
  epochs: Partial<Record<EpochSeriesKey, SeriesTail>>;
  frameSteps?: { from: number; steps: number[] };
}

const SERIES_ARRAYS = ['first', 'last', 'count', 'mean', 'min', 'max'] as const;

/** Equal as stored numbers (NaN equals NaN: a NaN bucket is not sent again). */
function same(a: number, b: number): boolean { return a === b || (a !== a && b !== b); }

/** The delta from `held` to `next`; null when their layers differ in number or units (send the whole record). */
export function recordDelta(held: RunRecord, next: RunRecord): RecordDelta | null {
  if (held.layers.length !== next.layers.length || held.layers.some((l, i) => l.deltaMap.units !== next.layers[i].deltaMap.units)) return null;
  const delta: RecordDelta = { stride: next.stride, lastStep: next.lastStep, layers: [], epochs: {} };
  const loss = seriesTail(held.loss, next.loss);
  if (loss) delta.loss = loss;
  delta.layers = next.layers.map((layer, i) => layerTail(held.layers[i], layer));
  for (const key of EPOCH_KEYS) {
    const tail = seriesTail(held.epochs[key], next.epochs[key]);
    if (tail) delta.epochs[key] = tail;
  }
  const from = firstDifference(held.frameSteps.length, next.frameSteps.length, (i) => held.frameSteps[i] === next.frameSteps[i]);
  if (from < next.frameSteps.length || held.frameSteps.length !== next.frameSteps.length) delta.frameSteps = { from, steps: next.frameSteps.slice(from) };
  return delta;
}

/** True when applying `delta` changes nothing but what it always carries (stride and last step equal too). */
export function deltaIsEmpty(delta: RecordDelta, held: RunRecord): boolean {
  return delta.stride === held.stride && delta.lastStep === held.lastStep && !delta.loss && !delta.frameSteps
    && Object.keys(delta.epochs).length === 0 && delta.layers.every((l) => Object.keys(l).length === 0);
}

function layerTail(held: LayerRecord, next: LayerRecord): RecordDelta['layers'][number] {
  const out: RecordDelta['layers'][number] = {};
  for (const key of LAYER_KEYS) {
    const tail = seriesTail(held[key], next[key]);
    if (tail) out[key] = tail;
  }
  const map = mapTail(held.deltaMap, next.deltaMap);
  if (map) out.deltaMap = map;
  return out;
}

/** Index of the first i < min(a, b) where `equal(i)` fails, else min(a, b). */
function firstDifference(a: number, b: number, equal: (i: number) => boolean): number {
  const n = Math.min(a, b);
  for (let i = 0; i < n; i++) if (!equal(i)) return i;
  return n;
}

/**
 * The buckets of `next` from the first that differs from `held` (after a pairwise merge: the merged prefix as means
 * only, then the rest whole); undefined when none differs and the length is equal.
 */
function seriesTail(held: SeriesBuckets, next: SeriesBuckets): SeriesTail | undefined {
  const kept = firstDifference(held.last.length, next.last.length, (i) => SERIES_ARRAYS.every((k) => same(held[k][i], next[k][i])));
  if (kept === next.last.length && held.last.length === next.last.length) return undefined;
  const merged = firstDifference(held.last.length >> 1, next.last.length, (i) => mergedPairOf(held, i, next));
  const from = Math.max(kept, merged);
  const tail: SeriesTail = {
    from, first: next.first.slice(from), last: next.last.slice(from), count: next.count.slice(from),
    mean: next.mean.slice(from), min: next.min.slice(from), max: next.max.slice(from),
  };
  if (merged > kept) tail.merged = next.mean.slice(0, merged);
  return tail;
}

/** Whether bucket i of `next` is held buckets 2i ∪ 2i+1 in all but the mean (first, last, count, min, max exactly). */
function mergedPairOf(held: SeriesBuckets, i: number, next: SeriesBuckets): boolean {
  const a = 2 * i, b = a + 1;
  return next.first[i] === held.first[a] && next.last[i] === held.last[b] && next.count[i] === held.count[a] + held.count[b]
    && same(next.min[i], Math.min(held.min[a], held.min[b])) && same(next.max[i], Math.max(held.max[a], held.max[b]));
}

/** Held buckets merged pairwise (2i ∪ 2i+1 for i < means.length) with the given means. */
function mergedHead(held: SeriesBuckets, means: Float32Array): SeriesBuckets {
  const n = means.length;
  const out: SeriesBuckets = { first: new Float64Array(n), last: new Float64Array(n), count: new Float64Array(n), mean: means, min: new Float32Array(n), max: new Float32Array(n) };
  for (let i = 0; i < n; i++) {
    const a = 2 * i, b = a + 1;
    out.first[i] = held.first[a];
    out.last[i] = held.last[b];
    out.count[i] = held.count[a] + held.count[b];
    out.min[i] = Math.min(held.min[a], held.min[b]);
    out.max[i] = Math.max(held.max[a], held.max[b]);
  }
  return out;
}

/** The columns of `next`'s δ map from the first that differs from `held` (its step or any unit's value). */
function mapTail(held: LayerRecord['deltaMap'], next: LayerRecord['deltaMap']): MapTail | undefined {
  const u = next.units, nh = held.columns, nn = next.columns;
  const from = firstDifference(nh, nn, (c) => {
    if (!same(held.last[c], next.last[c])) return false;
    for (let j = 0; j < u; j++) if (!same(held.values[j * nh + c], next.values[j * nn + c])) return false;
    return true;
  });
  if (from === nn && nh === nn) return undefined;
  const values = new Float32Array(u * (nn - from));
  for (let c = from; c < nn; c++) for (let j = 0; j < u; j++) values[(c - from) * u + j] = next.values[j * nn + c];
  return { from, columns: nn, last: next.last.slice(from), values };
}

/** `held` with `delta` applied: a new record (arrays of unchanged series are shared, never written). */
export function applyRecordDelta(held: RunRecord, delta: RecordDelta): RunRecord {
  const epochs = { ...held.epochs };
  for (const key of EPOCH_KEYS) epochs[key] = withTail(held.epochs[key], delta.epochs[key]);
  const layers = held.layers.map((layer, i): LayerRecord => {
    const d = delta.layers[i] ?? {};
    const out: LayerRecord = { ...layer, deltaMap: withMapTail(layer.deltaMap, d.deltaMap) };
    for (const key of LAYER_KEYS) out[key] = withTail(layer[key], d[key]);
    return out;
  });
  const frameSteps = delta.frameSteps ? [...held.frameSteps.slice(0, delta.frameSteps.from), ...delta.frameSteps.steps] : held.frameSteps;
  return { stride: delta.stride, lastStep: delta.lastStep, loss: withTail(held.loss, delta.loss), layers, epochs, frameSteps };
}

function withTail(held: SeriesBuckets, tail: SeriesTail | undefined): SeriesBuckets {
  if (!tail) return held;
  if (tail.merged) held = mergedHead(held, tail.merged);
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

function withMapTail(held: LayerRecord['deltaMap'], tail: MapTail | undefined): LayerRecord['deltaMap'] {
  if (!tail) return held;
  const u = held.units, nh = held.columns, n = tail.columns;
  const values = new Float32Array(u * n), last = new Float64Array(n);
  last.set(held.last.subarray(0, tail.from));
  last.set(tail.last, tail.from);
  for (let j = 0; j < u; j++) {
    for (let c = 0; c < tail.from; c++) values[j * n + c] = held.values[j * nh + c];
    for (let c = tail.from; c < n; c++) values[j * n + c] = tail.values[(c - tail.from) * u + j];
  }
  return { units: u, columns: n, last, values };
}
