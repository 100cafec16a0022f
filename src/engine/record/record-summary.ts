/**
 * `backprop-lens record --json`: a run's record as plain per-layer series, for native runs (record.bin's RunRecord)
 * and PyTorch runs (record.jsonl) alike. Every step for runs of up to RECORD_SUMMARY_STEPS steps; beyond, bucket means
 * with min and max, each bucket named by its first step (native records are already bucketed that way).
 */
import { PYTORCH_LAYER_SERIES, type LayerSeriesName, type PytorchStepRow, type RecordLayerInfo } from './pytorch-run';
import type { RunRecord, SeriesBuckets } from './types';

export const RECORD_SUMMARY_STEPS = 2000;

type Values = (number | null)[];
type LayerSeries = Record<LayerSeriesName, Values[]>;

export interface RecordSummary extends LayerSeries {
  type: 'record';
  source: 'backprop-lens' | 'pytorch';
  layers: RecordLayerInfo[];
  /** The step of each entry (bucketed: the bucket's first step). */
  steps: number[];
  /** The training loss at each entry of `steps`, or of `lossSteps` when the loss was recorded at other steps. */
  loss: Values;
  lossSteps?: number[];
  /** True when entries are bucket means; min and max then hold each bucket's extremes in the same shape. */
  bucketed: boolean;
  min?: LayerSeries & { loss: Values };
  max?: LayerSeries & { loss: Values };
  lastStep: number;
  /** PyTorch runs: false while the script runs or when it was killed (no end line). */
  ended?: boolean;
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Rows grouped into at most RECORD_SUMMARY_STEPS buckets of 2^k consecutive steps (k as small as that allows). */
function bucketWidth(count: number): number {
  let width = 1;
  while (Math.ceil(count / width) > RECORD_SUMMARY_STEPS) width *= 2;
  return width;
}

/** Mean, min and max of the non-null values of each bucket of `width` (null where a bucket has none). */
function bucketValues(values: Values, width: number): { mean: Values; min: Values; max: Values } {
  const mean: Values = [], min: Values = [], max: Values = [];
  for (let start = 0; start < values.length; start += width) {
    const present = values.slice(start, start + width).filter((v): v is number => v !== null);
    mean.push(present.length ? present.reduce((a, b) => a + b, 0) / present.length : null);
    min.push(present.length ? Math.min(...present) : null);
    max.push(present.length ? Math.max(...present) : null);
  }
  return { mean, min, max };
}

/** The summary of a PyTorch run's steps (record.jsonl rows, in step order). */
export function summarizeStepRows(layers: RecordLayerInfo[], rows: PytorchStepRow[], ended: boolean): RecordSummary {
  const width = bucketWidth(rows.length);
  const bucketed = width > 1;
  const steps = rows.filter((_, i) => i % width === 0).map((r) => r.step);
  const loss = bucketValues(rows.map((r) => r.loss), width);
  const series = (key: LayerSeriesName) => layers.map((_, l) => bucketValues(rows.map((r) => r.values[key][l]), width));
  const byKey = Object.fromEntries(PYTORCH_LAYER_SERIES.map((key) => [key, series(key)])) as Record<LayerSeriesName, ReturnType<typeof bucketValues>[]>;
  const pick = (part: 'mean' | 'min' | 'max') => Object.fromEntries(PYTORCH_LAYER_SERIES.map((key) => [key, byKey[key].map((b) => b[part])])) as LayerSeries;
  return {
    type: 'record', source: 'pytorch', layers, steps, ...pick('mean'), loss: loss.mean, bucketed,
    ...(bucketed ? { min: { ...pick('min'), loss: loss.min }, max: { ...pick('max'), loss: loss.max } } : {}),
    lastStep: rows.at(-1)?.step ?? 0, ended,
  };
}

const plain = (a: ArrayLike<number>): Values => Array.from(a, finiteOrNull);

/** The summary of a native run's record (record.bin); `layers` from metrics.json's info. */
export function summarizeRunRecord(layers: RecordLayerInfo[], record: RunRecord): RecordSummary {
  const first: SeriesBuckets = record.layers[0]?.deltaNorm ?? record.loss;
  const steps = Array.from(first.first);
  const bucketed = record.layers.some((l) => PYTORCH_LAYER_SERIES.some((key) => l[key].count.some((n) => n > 1))) || record.loss.count.some((n) => n > 1);
  const part = (which: 'mean' | 'min' | 'max') =>
    Object.fromEntries(PYTORCH_LAYER_SERIES.map((key) => [key, record.layers.map((l) => plain(l[key][which]))])) as LayerSeries;
  const lossSteps = Array.from(record.loss.first);
  const aligned = lossSteps.length === steps.length && lossSteps.every((s, i) => s === steps[i]);
  return {
    type: 'record', source: 'backprop-lens', layers, steps, ...part('mean'), loss: plain(record.loss.mean),
    ...(aligned ? {} : { lossSteps }), bucketed,
    ...(bucketed ? { min: { ...part('min'), loss: plain(record.loss.min) }, max: { ...part('max'), loss: plain(record.loss.max) } } : {}),
    lastStep: record.lastStep,
  };
}
