/** Semantic rules against the data: layer widths, task vs loss, batch size, split, files. */
import type { SpecContext, SpecDataInfo } from './diagnostics';
import { builtinSampling, dataName, dataShape, splitCounts } from './data-shape';
import { outputLayerIndex } from './semantic-network';
import { SpecView } from './spec-view';

/** "1 class", "3 classes", "4 features". */
const plural = (count: number, word: string): string => `${count} ${count === 1 ? word : word.endsWith('s') ? `${word}es` : `${word}s`}`;

/** layers[0].units = feature count; output units fit the classes or targets; loss and output fit the task. */
function checkWidths(view: SpecView, shape: SpecDataInfo, data: string): void {
  const inputUnits = view.number(['layers', 0, 'units']);
  if (inputUnits !== undefined && inputUnits !== shape.inputSize) {
    view.report('error', 'input-units-mismatch', ['layers', 0, 'units'],
      `layers[0].units is ${inputUnits} but ${data} has ${plural(shape.inputSize, 'feature')}: set it to ${shape.inputSize}.`, { expected: shape.inputSize });
  }
  const L = outputLayerIndex(view);
  if (L === undefined) return;
  const units = view.number(['layers', L, 'units']);
  const activation = view.string(['layers', L, 'activation']);
  if (units === undefined) return;
  if (shape.task === 'regression') {
    if (units !== shape.outputSize) {
      view.report('error', 'output-units-mismatch', ['layers', L, 'units'],
        `layers[${L}].units is ${units} but ${data} has ${plural(shape.outputSize, 'target')}: set it to ${shape.outputSize}.`, { expected: shape.outputSize });
    }
    return;
  }
  const classes = shape.classCount ?? shape.outputSize;
  const binaryAllowed = classes === 2 && activation !== 'softmax';
  if (units === classes || (binaryAllowed && units === 1)) return;
  const expected = binaryAllowed ? 1 : classes;
  const how = activation === 'softmax'
    ? `a softmax output needs one unit per class: set it to ${classes}`
    : binaryAllowed ? `set it to 1 (one sigmoid unit for two classes) or 2 (one unit per class)` : `set it to ${classes} (one unit per class)`;
  view.report('error', 'output-units-mismatch', ['layers', L, 'units'],
    `layers[${L}].units is ${units} but ${data} has ${plural(classes, 'class')}: ${how}.`, { expected });
}

/** Regression wants mse and an unbounded (or at least not softmax) output. */
function checkTask(view: SpecView, shape: SpecDataInfo, data: string): void {
  if (shape.task !== 'regression') return;
  if (view.string(['loss']) === 'cross_entropy') {
    view.report('error', 'loss-task-mismatch', ['loss'],
      `cross_entropy is for classification, but ${data} is a regression task: use "loss": "mse" with a "linear" output.`, { suggestedLoss: 'mse' });
  }
  const L = outputLayerIndex(view);
  if (L !== undefined && view.string(['layers', L, 'activation']) === 'softmax') {
    view.report('error', 'softmax-regression', ['layers', L, 'activation'],
      `softmax outputs sum to 1, which regression targets do not: use "linear" on layers[${L}].`, { suggestion: 'linear' });
  }
}

/** batchSize ≤ training samples. */
function checkBatchSize(view: SpecView, shape: SpecDataInfo): void {
  const batchSize = view.number(['training', 'batchSize']);
  const trainCount = shape.sampleCount;
  if (batchSize === undefined || trainCount === undefined || batchSize <= trainCount) return;
  view.report('warning', 'batch-size-exceeds-data', ['training', 'batchSize'],
    `training.batchSize is ${batchSize} but there are only ${plural(trainCount, 'training sample')}: every step would be one full batch; set it to ${trainCount} or less.`,
    { expected: trainCount });
}

/** testFraction is ignored next to explicit test files, and must leave both splits non-empty. */
function checkSplit(view: SpecView): void {
  const fraction = view.number(['data', 'testFraction']);
  if (fraction === undefined || fraction <= 0) return;
  const explicitTest = view.has(['data', 'testCsv']) ? 'testCsv' : view.has(['data', 'idx', 'testImages']) ? 'idx.testImages' : undefined;
  if (explicitTest) {
    view.report('warning', 'test-fraction-ignored', ['data', 'testFraction'], `data.testFraction is ignored because data.${explicitTest} gives the test set: remove one of them.`);
    return;
  }
  const sampling = view.has(['data', 'builtin']) ? builtinSampling(view) : undefined;
  if (!sampling) return;
  const counts = splitCounts(sampling.samples, sampling.testFraction);
  if (counts.test === 0) {
    view.report('warning', 'test-split-empty', ['data', 'testFraction'],
      `data.testFraction ${fraction} of ${sampling.samples} samples holds out none: raise it (or data.samples) to get a test set, or set it to 0.`);
  } else if (counts.train === 0) {
    view.report('error', 'train-split-empty', ['data', 'testFraction'], `data.testFraction ${fraction} of ${sampling.samples} samples leaves no training samples: lower it.`);
  }
}

const DATA_FILE_PATHS = [['data', 'csv'], ['data', 'testCsv'], ...['trainImages', 'trainLabels', 'testImages', 'testLabels'].map((k) => ['data', 'idx', k])];

/** The caller's answer; a throwing callback counts as "exists" (nothing to report). */
function fileExistsSafely(exists: (relPath: string) => boolean, file: string): boolean {
  try { return exists(file); } catch { return true; }
}

/** Every data file named in the spec exists (when the caller can tell). */
function checkFiles(view: SpecView, context: SpecContext | undefined): void {
  const exists = context?.fileExists;
  if (!exists) return;
  for (const path of DATA_FILE_PATHS) {
    const file = view.string(path);
    if (file === undefined || file === '' || fileExistsSafely(exists, file)) continue;
    view.report('error', 'data-file-missing', path, `${path.join('.')}: file "${file}" not found (paths are relative to the spec file): fix the path or add the file.`, { file });
  }
}

/** All data-dependent rules; shape-dependent ones only when the shape is known. */
export function checkAgainstData(view: SpecView, context: SpecContext | undefined): void {
  checkSplit(view);
  checkFiles(view, context);
  const shape = dataShape(view, context);
  if (!shape) return;
  const data = dataName(view, context);
  checkWidths(view, shape, data);
  checkTask(view, shape, data);
  checkBatchSize(view, shape);
}
