/** In-memory data sets: one compact feature store per split, no per-sample objects. */

export type Task = 'classification' | 'regression';

/** Features of `count` samples, sample-major: x[i * inputSize + k] * xScale is feature k of sample i. */
export interface Split {
  count: number;
  x: Float64Array | Float32Array | Uint8Array;
  xScale: number;
  /** classification: class index per sample. */
  labels: Int32Array | null;
  /** regression: targets, sample-major (count × outputSize). */
  targets: Float64Array | null;
  /** Where sample i came from: its CSV data row after the header, IDX image or builtin generation index (0-based). */
  sourceIndex?: Int32Array;
}

export interface NormalizationStats {
  method: 'none' | 'standardize' | 'minmax';
  /** standardize: mean / std per feature; minmax: min / (max - min) per feature. */
  shift: number[];
  scale: number[];
}

export interface Dataset {
  name: string;
  task: Task;
  inputSize: number;
  /** classification: class count; regression: target count. */
  outputSize: number;
  classNames: string[] | null;
  featureNames: string[] | null;
  normalization: NormalizationStats | null;
  train: Split;
  test: Split;
}

/** A data problem with where it is: file, 1-based line and column. */
export class DataError extends Error {
  constructor(message: string, readonly file?: string, readonly line?: number, readonly column?: number) {
    super(message);
    this.name = 'DataError';
  }
}

/** A target column the CSV's header does not have: reported on the spec's data.target, with the columns there are. */
export class TargetColumnError extends DataError {
  constructor(message: string, readonly columns: string[], file: string, line: number) {
    super(message, file, line);
    this.name = 'TargetColumnError';
  }
}

/** Feature k of sample i as a number. */
export function feature(split: Split, inputSize: number, i: number, k: number): number {
  return split.x[i * inputSize + k] * split.xScale;
}
