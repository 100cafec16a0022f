/**
 * The step-based record of one run: training loss every step, per-layer quantities every recorded step, epoch rows,
 * each a bounded BucketSeries (the δ map a ColumnMap). Memory: 6 × 8 bytes × RECORD_BUCKETS per series and
 * 8 bytes × units × DELTA_MAP_COLUMNS per layer's map.
 */
import { summarizeLayer } from '../monitor/layer-summaries';
import type { LayerSnapshot, WeightNorms } from '../train/training-types';
import { BucketSeries, ColumnMap } from './buckets';
import { DELTA_MAP_COLUMNS, RECORD_BUCKETS, type EpochRecord, type LayerRecord, type RunRecord } from './types';

/** What one layer contributes to the record at a recorded step. */
export interface LayerStep {
  deltaNorm: number;
  deadShare: number;
  saturatedShare: number;
  gradNorm: number;
  weightNorm: number;
  updateRatio: number;
  deltaMean: ArrayLike<number>;
}

/** One layer's record entry from the step's snapshot and weight norms: update ratio ‖ΔW‖/‖W‖ = ‖W⁺ − W⁻‖/‖W⁺‖. */
function layerStep(snapshot: LayerSnapshot, norms: WeightNorms): LayerStep {
  const summary = summarizeLayer(snapshot);
  return {
    deltaNorm: summary.deltaNorm, deadShare: summary.deadShare, saturatedShare: summary.saturatedShare,
    gradNorm: norms.gradNorm, weightNorm: norms.weightNorm, updateRatio: norms.weightNorm > 0 ? norms.updateNorm / norms.weightNorm : 0,
    deltaMean: summary.deltaMean,
  };
}

/** The record's entries for every layer (snapshots and norms in layer order). */
export function layerSteps(snapshots: LayerSnapshot[], norms: WeightNorms[]): LayerStep[] {
  return snapshots.map((s, i) => layerStep(s, norms[i]));
}

const LAYER_SERIES = ['deltaNorm', 'deadShare', 'saturatedShare', 'gradNorm', 'weightNorm', 'updateRatio'] as const;
const EPOCH_SERIES = ['trainLoss', 'trainAccuracy', 'testLoss', 'testAccuracy'] as const;

interface LayerSeries { series: Record<(typeof LAYER_SERIES)[number], BucketSeries>; map: ColumnMap }

/** Train and test loss and accuracy of one epoch (null where there is none). */
export interface EpochValues { loss: number; accuracy: number | null; testLoss: number | null; testAccuracy: number | null }

export class RunRecorder {
  private readonly loss: BucketSeries;
  private readonly layers: LayerSeries[];
  private readonly epochs: Record<(typeof EPOCH_SERIES)[number], BucketSeries>;
  private lastStep = 0;

  constructor(units: readonly number[], readonly buckets = RECORD_BUCKETS, mapColumns = DELTA_MAP_COLUMNS) {
    this.loss = new BucketSeries(buckets);
    this.layers = units.map((u) => ({ series: seriesRecord(LAYER_SERIES, buckets), map: new ColumnMap(u, mapColumns) }));
    this.epochs = seriesRecord(EPOCH_SERIES, buckets);
  }

  /** The training loss of step `step`. */
  addLoss(step: number, loss: number): void {
    this.loss.add(step, loss);
    this.lastStep = Math.max(this.lastStep, step);
  }

  /** Every layer's entry of a recorded step. */
  addLayers(step: number, steps: readonly LayerStep[]): void {
    steps.forEach((s, i) => {
      const layer = this.layers[i];
      for (const key of LAYER_SERIES) layer.series[key].add(step, s[key]);
      layer.map.add(step, s.deltaMean);
    });
  }

  /** One layer's values of a recorded step, where some may be missing (a PyTorch record's nulls); the δ map only when given
   * (the mean over `meanSteps` steps ending at `step`). */
  addLayerValues(step: number, layer: number, values: Partial<Record<(typeof LAYER_SERIES)[number], number>>, deltaMean?: ArrayLike<number>, meanSteps = 1): void {
    const target = this.layers[layer];
    for (const key of LAYER_SERIES) if (values[key] !== undefined) target.series[key].add(step, values[key]);
    if (deltaMean) target.map.add(step, deltaMean, meanSteps);
    this.lastStep = Math.max(this.lastStep, step);
  }

  addEpoch(epoch: number, values: EpochValues): void {
    this.epochs.trainLoss.add(epoch, values.loss);
    if (values.accuracy !== null) this.epochs.trainAccuracy.add(epoch, values.accuracy);
    if (values.testLoss !== null) this.epochs.testLoss.add(epoch, values.testLoss);
    if (values.testAccuracy !== null) this.epochs.testAccuracy.add(epoch, values.testAccuracy);
  }

  /** A copy of the record for the monitor and the run folder. */
  toRecord(stride: number, frameSteps: number[]): RunRecord {
    const layers: LayerRecord[] = this.layers.map((l, i) => ({
      layer: i + 1, ...mapValues(l.series, (s) => s.toMessage()), deltaMap: l.map.toMessage(),
    }));
    const epochs = mapValues(this.epochs, (s) => s.toMessage()) as EpochRecord;
    return { stride, lastStep: this.lastStep, loss: this.loss.toMessage(), layers, epochs, frameSteps };
  }
}

function seriesRecord<K extends string>(keys: readonly K[], buckets: number): Record<K, BucketSeries> {
  return Object.fromEntries(keys.map((k) => [k, new BucketSeries(buckets)])) as Record<K, BucketSeries>;
}

function mapValues<K extends string, A, B>(record: Record<K, A>, f: (a: A) => B): Record<K, B> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v as A)])) as Record<K, B>;
}
