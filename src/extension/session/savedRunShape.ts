/**
 * The shapes a saved run's files must have before the monitor draws them: each check names the JSON path that is
 * wrong ("info.layers[2].units is not a positive integer"), so a bad file is reported where it is wrong, never drawn.
 */
import type { EpochMetrics, Frame, PlanePoints, RunInfo, RunRecord, RunState, SeriesBuckets } from '../../protocol';

/** A value that is not what its path must hold; `path` is a JSON path such as `record.layers[1].deltaNorm.mean`. */
export class ShapeError extends Error {
  constructor(readonly path: string, problem: string) { super(`${path || 'the top level'} ${problem}`); }
}

type Obj = Record<string, unknown>;
const RUN_STATES: readonly RunState[] = ['starting', 'running', 'paused', 'finished', 'stopped', 'failed'];

function object(value: unknown, path: string): Obj {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ShapeError(path, 'is not an object');
  return value as Obj;
}
function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new ShapeError(path, 'is not a list');
  return value;
}
function num(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ShapeError(path, 'is not a finite number');
  return value;
}
function count(value: unknown, path: string): number {
  if (!Number.isInteger(value) || (value as number) < 0) throw new ShapeError(path, 'is not a whole number ≥ 0');
  return value as number;
}
function numOrNull(value: unknown, path: string): void { if (value !== null) num(value, path); }
function f32(value: unknown, path: string, length?: number): Float32Array {
  if (!(value instanceof Float32Array)) throw new ShapeError(path, 'is not float32 data');
  if (length !== undefined && value.length !== length) throw new ShapeError(path, `holds ${value.length} values, not ${length}`);
  return value;
}
function f64(value: unknown, path: string, length?: number): Float64Array {
  if (!(value instanceof Float64Array)) throw new ShapeError(path, 'is not float64 data');
  if (length !== undefined && value.length !== length) throw new ShapeError(path, `holds ${value.length} values, not ${length}`);
  return value;
}
const at = (path: string, key: string | number): string => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/** metrics.json's `info`: the run's setup as the monitor's views read it. */
export function checkRunInfo(value: unknown, path: string): RunInfo {
  const info = object(value, path);
  if (typeof info.name !== 'string') throw new ShapeError(at(path, 'name'), 'is not a string');
  if (info.task !== 'classification' && info.task !== 'regression') throw new ShapeError(at(path, 'task'), 'is neither "classification" nor "regression"');
  if (info.classNames !== null && !(Array.isArray(info.classNames) && info.classNames.every((c) => typeof c === 'string'))) throw new ShapeError(at(path, 'classNames'), 'is neither null nor a list of names');
  for (const key of ['inputSize', 'epochs', 'stepsPerEpoch', 'batchSize', 'trainCount', 'testCount']) count(info[key], at(path, key));
  num(info.learningRate, at(path, 'learningRate'));
  const layers = list(info.layers, at(path, 'layers'));
  if (layers.length === 0) throw new ShapeError(at(path, 'layers'), 'is empty');
  layers.forEach((raw, i) => {
    const layer = object(raw, at(at(path, 'layers'), i));
    if (count(layer.units, at(at(at(path, 'layers'), i), 'units')) === 0) throw new ShapeError(at(at(at(path, 'layers'), i), 'units'), 'is 0');
    if (typeof layer.activation !== 'string') throw new ShapeError(at(at(at(path, 'layers'), i), 'activation'), 'is not a string');
  });
  return info as unknown as RunInfo;
}

/** A run state, as metrics.json's `state` holds it. */
export function checkRunState(value: unknown, path: string): RunState {
  if (!RUN_STATES.includes(value as RunState)) throw new ShapeError(path, `is not one of ${RUN_STATES.join(', ')}`);
  return value as RunState;
}

/** metrics.json's `epochs`: one row per (kept) epoch. */
export function checkEpochRows(value: unknown, path: string): EpochMetrics[] {
  const rows = list(value, path);
  rows.forEach((raw, i) => {
    const row = object(raw, at(path, i));
    for (const key of ['epoch', 'step', 'seconds']) num(row[key], at(at(path, i), key));
    // A diverged run's loss is NaN, which JSON writes as null.
    for (const key of ['loss', 'accuracy', 'testLoss', 'testAccuracy']) numOrNull(row[key], at(at(path, i), key));
  });
  return rows as EpochMetrics[];
}

function checkSeries(value: unknown, path: string): SeriesBuckets {
  const s = object(value, path);
  const n = f64(s.first, at(path, 'first')).length;
  f64(s.last, at(path, 'last'), n);
  f64(s.count, at(path, 'count'), n);
  for (const key of ['mean', 'min', 'max']) f32(s[key], at(path, key), n);
  return s as unknown as SeriesBuckets;
}

const LAYER_SERIES = ['deltaNorm', 'deadShare', 'saturatedShare', 'gradNorm', 'weightNorm', 'updateRatio'] as const;
const EPOCH_SERIES = ['trainLoss', 'trainAccuracy', 'testLoss', 'testAccuracy'] as const;

/** record.bin's `record`, with one layer record per layer of `info`. */
export function checkRunRecord(value: unknown, path: string, info: RunInfo): RunRecord {
  const record = object(value, path);
  count(record.stride, at(path, 'stride'));
  count(record.lastStep, at(path, 'lastStep'));
  checkSeries(record.loss, at(path, 'loss'));
  const layers = list(record.layers, at(path, 'layers'));
  if (layers.length !== info.layers.length) throw new ShapeError(at(path, 'layers'), `holds ${layers.length} layers, metrics.json's info ${info.layers.length}`);
  layers.forEach((raw, i) => {
    const p = at(at(path, 'layers'), i), layer = object(raw, p);
    for (const key of LAYER_SERIES) checkSeries(layer[key], at(p, key));
    const map = object(layer.deltaMap, at(p, 'deltaMap'));
    const units = count(map.units, at(at(p, 'deltaMap'), 'units')), columns = count(map.columns, at(at(p, 'deltaMap'), 'columns'));
    f64(map.last, at(at(p, 'deltaMap'), 'last'), columns);
    f32(map.values, at(at(p, 'deltaMap'), 'values'), units * columns);
  });
  const epochs = object(record.epochs, at(path, 'epochs'));
  for (const key of EPOCH_SERIES) checkSeries(epochs[key], at(at(path, 'epochs'), key));
  list(record.frameSteps, at(path, 'frameSteps')).forEach((step, i) => count(step, at(at(path, 'frameSteps'), i)));
  return record as unknown as RunRecord;
}

/** record.bin's `frames`: δ frames (ascending steps) with one layer per layer of `info`. */
export function checkFrames(value: unknown, path: string, info: RunInfo): Frame[] {
  const frames = list(value, path);
  frames.forEach((raw, i) => {
    const p = at(path, i), frame = object(raw, p);
    count(frame.step, at(p, 'step'));
    num(frame.epoch, at(p, 'epoch'));
    const layers = list(frame.layers, at(p, 'layers'));
    if (layers.length !== info.layers.length) throw new ShapeError(at(p, 'layers'), `holds ${layers.length} layers, not ${info.layers.length}`);
    layers.forEach((rawLayer, l) => checkFrameLayer(rawLayer, at(at(p, 'layers'), l)));
    if (frame.boundary !== undefined) checkBoundary(frame.boundary, at(p, 'boundary'));
  });
  return frames as Frame[];
}

function checkFrameLayer(value: unknown, path: string): void {
  const layer = object(value, path);
  const units = count(layer.units, at(path, 'units')), batch = count(layer.batchSize, at(path, 'batchSize'));
  for (const key of ['delta', 'sigmaPrime', 'upstream']) f32(layer[key], at(path, key), units * batch);
  f32(layer.deltaMean, at(path, 'deltaMean'), units);
  for (const key of ['deltaNorm', 'deadShare', 'saturatedShare']) num(layer[key], at(path, key));
}

function checkBoundary(value: unknown, path: string): void {
  const grid = object(value, path);
  for (const key of ['xMin', 'xMax', 'yMin', 'yMax']) num(grid[key], at(path, key));
  const size = count(grid.size, at(path, 'size'));
  f32(grid.values, at(path, 'values'), size * size);
}

/** record.bin's `points` (2-D data sets), or null. */
export function checkPoints(value: unknown, path: string): PlanePoints | null {
  if (value === null || value === undefined) return null;
  const points = object(value, path);
  const xy = f32(points.xy, at(path, 'xy'));
  f32(points.targets, at(path, 'targets'), xy.length / 2);
  count(points.trainCount, at(path, 'trainCount'));
  return points as unknown as PlanePoints;
}
