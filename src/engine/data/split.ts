/** Seeded train/test splits over sample-major arrays (shared by the builtin, CSV and IDX loaders). */
import { Rng } from '../nn/rng';
import { DataError, Split } from './dataset';

export interface SplitIndices {
  train: Int32Array;
  test: Int32Array;
}

type SampleArray = Float64Array | Float32Array | Uint8Array;

/** 0, 1, …, count − 1. */
export function rangeIndices(count: number): Int32Array {
  const indices = new Int32Array(count);
  for (let i = 0; i < count; i++) indices[i] = i;
  return indices;
}

/** Checks testFraction ∈ [0, 1) and returns it (undefined → 0). */
function checkTestFraction(testFraction: number | undefined, file?: string): number {
  const f = testFraction ?? 0;
  if (typeof f !== 'number' || !Number.isFinite(f) || f < 0 || f >= 1) {
    throw new DataError(`testFraction must be a number in [0, 1), got ${String(testFraction)}`, file);
  }
  return f;
}

/**
 * Shuffles 0..count−1 with the seeded rng; the first round(count · testFraction) go to test (always leaving at
 * least one for training), the rest to train. Both parts come out in shuffled order; testFraction 0 gives no test part.
 */
export function splitIndices(count: number, testFraction: number, rng: Rng, file?: string): SplitIndices {
  const f = checkTestFraction(testFraction, file);
  const order = rangeIndices(count);
  rng.shuffleInPlace(order);
  const testCount = Math.min(Math.round(count * f), count - 1);
  return { test: order.slice(0, testCount), train: order.slice(testCount) };
}

/** Like splitIndices, but testFraction 0 keeps file order (sample i is row i), for data read from files. */
export function splitKeepingOrder(count: number, testFraction: number, seed: number, file?: string): SplitIndices {
  if (checkTestFraction(testFraction, file) === 0) return { train: rangeIndices(count), test: new Int32Array(0) };
  return splitIndices(count, testFraction, new Rng(seed), file);
}

/** Rows `indices` of a sample-major array (width values per sample), copied into a new array of the same type. */
function gatherRows<T extends SampleArray>(source: T, width: number, indices: Int32Array): T {
  const out = new (source.constructor as new (n: number) => T)(indices.length * width);
  for (let r = 0; r < indices.length; r++) {
    const from = indices[r] * width;
    out.set(source.subarray(from, from + width), r * width);
  }
  return out;
}

/** Labels at `indices`. */
function gatherLabels(labels: Int32Array, indices: Int32Array): Int32Array {
  const out = new Int32Array(indices.length);
  for (let r = 0; r < indices.length; r++) out[r] = labels[indices[r]];
  return out;
}

/** All samples of one part of the data: x rows (and labels or targets) at `indices`, which it keeps as sourceIndex. */
export function makeSplit(
  x: SampleArray, inputSize: number, xScale: number,
  labels: Int32Array | null, targets: Float64Array | null, outputSize: number,
  indices: Int32Array,
): Split {
  return {
    count: indices.length,
    x: gatherRows(x, inputSize, indices),
    xScale,
    labels: labels ? gatherLabels(labels, indices) : null,
    targets: targets ? gatherRows(targets, outputSize, indices) : null,
    sourceIndex: indices,
  };
}

/** Index (within test) of the first test sample whose class has no training sample, or −1. */
export function firstTestOnlyClass(train: Split, test: Split, classCount: number): number {
  if (!train.labels || !test.labels) return -1;
  const inTrain = new Uint8Array(classCount);
  for (let i = 0; i < train.count; i++) inTrain[train.labels[i]] = 1;
  for (let i = 0; i < test.count; i++) if (!inTrain[test.labels[i]]) return i;
  return -1;
}
