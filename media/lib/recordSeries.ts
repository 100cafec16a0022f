/**
 * The step-based record (RunRecord) as chart columns and maps, DOM-free. A bucket sits at its last step; its mean is
 * the line, [min, max] the band around it, so a spike inside a bucket stays visible at any run length.
 */
import type { MonitorState, RunRecord, SeriesBuckets } from '../../src/protocol';
import type { Matrix } from './heatmap';
import { positiveIfLog, type Column } from './series';
import type { Banded } from './bands';

/** Whether the record holds anything to draw (a run that has not recorded yet draws its live histories). */
export function hasRecord(state: MonitorState): state is MonitorState & { record: RunRecord } {
  return !!state.record && state.record.loss.count.length > 0;
}

/** `series` placed on the union of their x values (bucket ends), ascending: mean, min and max per x (null where a series has no bucket). */
function align(series: readonly SeriesBuckets[], xOf: (x: number) => number, log: boolean): { x: number[]; aligned: Banded[] } {
  const xs = [...new Set(series.flatMap((s) => Array.from(s.last, xOf)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const aligned = series.map((s) => {
    const out: Banded = { mean: xs.map(() => null), min: xs.map(() => null), max: xs.map(() => null) };
    for (let b = 0; b < s.last.length; b++) {
      const i = index.get(xOf(s.last[b]))!;
      out.mean[i] = positiveIfLog(s.mean[b], log);
      out.min[i] = positiveIfLog(s.min[b], log);
      out.max[i] = positiveIfLog(s.max[b], log);
    }
    return out;
  });
  return { x: xs, aligned };
}

/** A per-layer series of the record (‖δ^l‖, update ratio) for a log axis: x = steps, each layer's mean, min and max (non-positive → gap). */
export function recordLayerLines(record: RunRecord, layerCount: number, key: 'deltaNorm' | 'updateRatio'): { x: number[]; layers: Banded[] } {
  const { x, aligned } = align(record.layers.slice(0, layerCount).map((l) => l[key]), (s) => s, true);
  return { x, layers: aligned };
}

/** Several runs' series on the union of their steps, each with its [min, max] (Compare Runs' small multiples). */
export function alignedLines(series: readonly SeriesBuckets[], log: boolean): { x: number[]; lines: Banded[] } {
  const { x, aligned } = align(series, (s) => s, log);
  return { x, lines: aligned };
}

/**
 * Loss chart columns from the record, as lossColumns: [steps, train loss, test loss, train acc, test acc]. Epoch series
 * sit at the epoch's last step (epoch × stepsPerEpoch); the per-step training loss is the bucket mean.
 */
export function recordLossColumns(record: RunRecord, stepsPerEpoch: number, logScale: boolean): [number[], Column, Column, Column, Column] {
  const atStep = (epoch: number) => epoch * stepsPerEpoch;
  const e = record.epochs;
  const loss = align([record.loss], (s) => s, logScale);
  const epochs = align([e.testLoss, e.trainAccuracy, e.testAccuracy], atStep, false);
  const steps = [...new Set([...loss.x, ...epochs.x])].sort((a, b) => a - b);
  const pick = (x: number[], column: Column) => {
    const byX = new Map(x.map((v, i) => [v, column[i]]));
    return steps.map((s) => byX.get(s) ?? null);
  };
  const testLoss = epochs.aligned[0].mean.map((v) => (v === null ? null : positiveIfLog(v, logScale)));
  return [steps, pick(loss.x, loss.aligned[0].mean), pick(epochs.x, testLoss), pick(epochs.x, epochs.aligned[1].mean), pick(epochs.x, epochs.aligned[2].mean)];
}

/** The neurons × time map of layer `index` (0-based): row j, column c = mean δ_j over the steps column c covers. */
export function recordTimeMatrix(record: RunRecord, index: number): (Matrix & { steps: number[] }) | null {
  const map = record.layers[index]?.deltaMap;
  if (!map || map.columns === 0) return null;
  return { rows: map.units, cols: map.columns, values: map.values, steps: Array.from(map.last) };
}
