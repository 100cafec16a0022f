/** 2-D data sets: the training and test points drawn over the decision boundary, sent once per run. */
import { feature, type Dataset, type Split } from '../engine/data/dataset';
import { Rng } from '../engine/nn/rng';
import type { PlanePoints } from '../protocol';

/** Points sent at most (a seeded subsample of larger sets, train and test in proportion). */
export const MAX_PLANE_POINTS = 2000;

/** Indices [0, count) when count ≤ take, else `take` of them drawn without replacement by a seeded shuffle, sorted. */
function sampleIndices(count: number, take: number, rng: Rng): Int32Array {
  const all = Int32Array.from({ length: count }, (_, i) => i);
  if (count <= take) return all;
  rng.shuffleInPlace(all);
  return all.slice(0, take).sort();
}

/** xy in input units (x·xScale) and the class index or target of every point; null unless the input is 2-D. */
export function planePoints(data: Dataset, seed: number, max = MAX_PLANE_POINTS): PlanePoints | null {
  if (data.inputSize !== 2) return null;
  const total = data.train.count + data.test.count;
  const trainTake = total <= max ? data.train.count : Math.round((max * data.train.count) / total);
  const rng = new Rng(seed);
  const chosen: [Split, Int32Array][] = [[data.train, sampleIndices(data.train.count, trainTake, rng)], [data.test, sampleIndices(data.test.count, max - trainTake, rng)]];
  const n = chosen[0][1].length + chosen[1][1].length;
  const xy = new Float32Array(2 * n), targets = new Float32Array(n);
  let p = 0;
  for (const [split, indices] of chosen) {
    for (const i of indices) {
      xy[2 * p] = feature(split, 2, i, 0);
      xy[2 * p + 1] = feature(split, 2, i, 1);
      targets[p++] = split.labels ? split.labels[i] : split.targets ? split.targets[i] : 0;
    }
  }
  return { xy, targets, trainCount: chosen[0][1].length };
}
