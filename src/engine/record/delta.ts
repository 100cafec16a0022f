/**
 * What changed in a RunRecord since a copy the receiver holds (the monitor's webview): per series, the buckets from the
 * first one that differs to the end (series-tail.ts: an append changes the last bucket or adds one; after merges the
 * merged buckets go as means), the δ map's columns likewise, the frame steps from the first that differs.
 * applyRecordDelta(held, recordDelta(held, next)) equals `next` value for value.
 */
import { firstDifference, resolveSteps, same, seriesTail, shareStepsInPlace, withTail, type SeriesTail } from './series-tail';
import type { LayerRecord, RunRecord } from './types';

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

/** Every series tail of a delta in one fixed order (loss, each layer's series, the epoch series): stepsOf indexes it. */
function tailsInOrder(delta: RecordDelta, layers: number): (SeriesTail | undefined)[] {
  return [delta.loss, ...Array.from({ length: layers }, (_, i) => LAYER_KEYS.map((k) => delta.layers[i]?.[k])).flat(), ...EPOCH_KEYS.map((k) => delta.epochs[k])];
}

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
  shareStepsInPlace(tailsInOrder(delta, next.layers.length));
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
  const tails = resolveSteps(tailsInOrder(delta, held.layers.length));
  const layerTailAt = (layer: number, key: LayerSeriesKey) => tails[1 + layer * LAYER_KEYS.length + LAYER_KEYS.indexOf(key)];
  const epochs = { ...held.epochs };
  EPOCH_KEYS.forEach((key, k) => { epochs[key] = withTail(held.epochs[key], tails[1 + held.layers.length * LAYER_KEYS.length + k]); });
  const layers = held.layers.map((layer, i): LayerRecord => {
    const out: LayerRecord = { ...layer, deltaMap: withMapTail(layer.deltaMap, delta.layers[i]?.deltaMap) };
    for (const key of LAYER_KEYS) out[key] = withTail(layer[key], layerTailAt(i, key));
    return out;
  });
  const frameSteps = delta.frameSteps ? [...held.frameSteps.slice(0, delta.frameSteps.from), ...delta.frameSteps.steps] : held.frameSteps;
  return { stride: delta.stride, lastStep: delta.lastStep, loss: withTail(held.loss, tails[0]), layers, epochs, frameSteps };
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
