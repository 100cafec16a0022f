/** The step-based record of a run, as the monitor draws it and the run folder saves it (re-exported by src/protocol.ts). */

/** Buckets per series and columns of the δ map at most. */
export const RECORD_BUCKETS = 2000;
export const DELTA_MAP_COLUMNS = 500;

/**
 * A bounded multi-resolution series (engine/record/buckets.ts): at most RECORD_BUCKETS buckets over the whole run,
 * merged pairwise as it grows. Bucket b covers x ∈ [first[b], last[b]] (steps, or epochs for epoch series) and holds
 * the mean, min and max of the count[b] values recorded there (exact under merge: mean = Σ/n, min of mins, max of maxes).
 */
export interface SeriesBuckets {
  first: Float64Array;
  last: Float64Array;
  count: Float64Array;
  mean: Float32Array;
  min: Float32Array;
  max: Float32Array;
}

/** One layer's record: recorded every `RunRecord.stride` steps, each quantity a bounded series. */
export interface LayerRecord {
  layer: number;
  /** ‖δ^l‖_F / √m, the size of one sample's δ^l (as LayerSnapshotMessage.deltaNorm). */
  deltaNorm: SeriesBuckets;
  /** Share of units with σ′ = 0 on every sample of the batch. */
  deadShare: SeriesBuckets;
  /** Share of σ′ entries below 0.01. */
  saturatedShare: SeriesBuckets;
  /** ‖∂E/∂W^l‖_F (batch-averaged BP4). */
  gradNorm: SeriesBuckets;
  /** ‖W^l‖_F after the step. */
  weightNorm: SeriesBuckets;
  /** ‖ΔW^l‖_F / ‖W^l‖_F of the step (the "about 1e-3" health signal). */
  updateRatio: SeriesBuckets;
  /**
   * The neurons × time map: per-unit batch-mean δ^l_j, averaged over the recorded steps of each column.
   * values is units × columns, row-major (values[j * columns + c]); column c covers steps (last[c-1], last[c]].
   */
  deltaMap: { units: number; columns: number; last: Float64Array; values: Float32Array };
}

/** Train and test loss and accuracy per epoch, x = epoch (empty series where a value is null: no test split, regression). */
export interface EpochRecord {
  trainLoss: SeriesBuckets;
  trainAccuracy: SeriesBuckets;
  testLoss: SeriesBuckets;
  testAccuracy: SeriesBuckets;
}

/** The step-based record of a whole run (engine/record/): complete at any speed, bounded at any length. */
export interface RunRecord {
  /** Layer quantities are recorded every `stride` steps (1 for short runs; grows to keep the cost ≤ 5 %). */
  stride: number;
  /** The last step recorded. */
  lastStep: number;
  /** Training (mini-batch) loss of every step. */
  loss: SeriesBuckets;
  layers: LayerRecord[];
  epochs: EpochRecord;
  /** Steps that have a δ frame (ascending): the step slider's stops. Ask for one with 'requestFrame'. */
  frameSteps: number[];
}
