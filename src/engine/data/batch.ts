/**
 * Mini-batches as matrices with samples as COLUMNS (the network computes Z = W·A): a batch of m samples is
 * stored row-major as (units × m), so entry (k, c) sits at out[k · m + c]. No allocation per call.
 */
import { Dataset, DataError, Split } from './dataset';

/** A^0 (inputSize × m): out[k · m + c] = feature k of sample indices[start + c], scaled by split.xScale. */
export function fillBatch(split: Split, inputSize: number, indices: Int32Array, start: number, m: number, out: Float64Array): void {
  const x = split.x;
  const scale = split.xScale;
  for (let c = 0; c < m; c++) {
    const row = indices[start + c] * inputSize;
    for (let k = 0, o = c; k < inputSize; k++, o += m) out[o] = x[row + k] * scale;
  }
}

/**
 * Y (outputUnits × m): one-hot rows for classification when outputUnits equals the class count
 * (out[label · m + c] = 1); y = label for two classes and one output unit (sigmoid); regression targets as given.
 */
export function fillTargets(
  dataset: Dataset, split: Split, indices: Int32Array, start: number, m: number, outputUnits: number, out: Float64Array,
): void {
  if (dataset.task === 'classification') {
    const labels = split.labels!;
    if (outputUnits === dataset.outputSize) {
      out.fill(0, 0, outputUnits * m);
      for (let c = 0; c < m; c++) out[labels[indices[start + c]] * m + c] = 1;
    } else if (outputUnits === 1 && dataset.outputSize === 2) {
      for (let c = 0; c < m; c++) out[c] = labels[indices[start + c]];
    } else {
      throw new DataError(`the output layer has ${outputUnits} units but the data has ${dataset.outputSize} classes (use ${dataset.outputSize}${dataset.outputSize === 2 ? ' or 1' : ''})`);
    }
    return;
  }
  const targets = split.targets!;
  const width = dataset.outputSize;
  if (outputUnits !== width) throw new DataError(`the output layer has ${outputUnits} units but the data has ${width} targets`);
  for (let c = 0; c < m; c++) {
    const row = indices[start + c] * width;
    for (let j = 0, o = c; j < width; j++, o += m) out[o] = targets[row + j];
  }
}
