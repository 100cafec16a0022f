/**
 * CSV data sets: a header row, a target column by name, numeric features. Classification when a target is not a
 * number (or spec.task says so, or integer targets meet a cross-entropy loss): classes sorted, one index each.
 * Regression otherwise. Normalisation statistics
 * come from the training split only.
 */
import { CsvDataSpec, DEFAULTS } from '../spec/types';
import { Dataset, NormalizationStats, Split, Task } from './dataset';
import { CsvTable, cellError, parseNumberCell, readCsvTable } from './csv-table';
import { chooseNormalization, normalizeRowsInPlace } from './normalize';
import { firstTestOnlyClass, makeSplit, rangeIndices, splitKeepingOrder } from './split';

/** More distinct classes than this is almost surely a wrong target column. */
const MAX_CLASSES = 10_000;

/** Class name of a cell: numbers in canonical form ("1.0" → "1"), text as written. */
function className(cell: string): string {
  const v = parseNumberCell(cell);
  return typeof v === 'number' ? String(v) : cell;
}

/** Sorted distinct class names (numerically if all are numbers), refusing one class or more than MAX_CLASSES. */
function collectClasses(table: CsvTable): string[] {
  const seen = new Set<string>();
  const column = table.header[table.targetIndex];
  for (let i = 0; i < table.count; i++) {
    seen.add(className(table.targetCells[i]));
    if (seen.size > MAX_CLASSES) {
      throw cellError(table.file, table.targetLines[i], table.targetIndex + 1, column,
        `more than ${MAX_CLASSES} distinct classes; is "${column}" really a class column (use "task": "regression" for numbers)?`);
    }
  }
  const names = [...seen];
  if (names.every((n) => typeof parseNumberCell(n) === 'number')) names.sort((a, b) => Number(a) - Number(b));
  else names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length < 2) {
    throw cellError(table.file, table.headerLine, table.targetIndex + 1, column, `the target has a single class "${names[0]}"; a classifier needs at least two`);
  }
  return names;
}

/** Class index per row; a class missing from `classes` is an error at its line (it only occurs in the test file). */
function labelRows(table: CsvTable, classes: string[]): Int32Array {
  const index = new Map(classes.map((c, i) => [c, i]));
  const labels = new Int32Array(table.count);
  for (let i = 0; i < table.count; i++) {
    const name = className(table.targetCells[i]);
    const c = index.get(name);
    if (c === undefined) {
      throw cellError(table.file, table.targetLines[i], table.targetIndex + 1, table.header[table.targetIndex],
        `class "${name}" does not occur in the training data, so the network cannot learn it`);
    }
    labels[i] = c;
  }
  return labels;
}

/** Numeric target per row (regression); a non-number is an error at its cell. */
function targetValues(table: CsvTable): Float64Array {
  const targets = new Float64Array(table.count);
  for (let i = 0; i < table.count; i++) {
    const v = parseNumberCell(table.targetCells[i]);
    if (typeof v !== 'number') {
      throw cellError(table.file, table.targetLines[i], table.targetIndex + 1, table.header[table.targetIndex],
        `${v.reason}, but a regression target must be a number`);
    }
    targets[i] = v;
  }
  return targets;
}

export interface CsvOptions {
  /** With no spec.task, read all-integer targets as classes (buildDataset sets this when the loss is cross_entropy). */
  integerTargetsAreClasses?: boolean;
  /** A saved model's normalisation, used instead of fitting one on the training split (undefined: fit). */
  savedNormalization?: NormalizationStats | null;
}

/**
 * spec.task if given; else classification when some target is not a number, or when all are integers and
 * options.integerTargetsAreClasses; regression otherwise.
 */
function chooseTask(table: CsvTable, spec: CsvDataSpec, options: CsvOptions): Task {
  if (spec.task) return spec.task;
  const values = table.targetCells.map(parseNumberCell);
  if (values.some((v) => typeof v !== 'number')) return 'classification';
  return options.integerTargetsAreClasses && values.every((v) => Number.isInteger(v)) ? 'classification' : 'regression';
}

/** Refuses a split where some class has test samples but no training samples (error at that test row's line). */
function checkClassesInTrain(train: Split, test: Split, classes: string[], table: CsvTable, testRows: Int32Array): void {
  const i = firstTestOnlyClass(train, test, classes.length);
  if (i < 0) return;
  throw cellError(table.file, table.targetLines[testRows[i]], table.targetIndex + 1, table.header[table.targetIndex],
    `class "${classes[test.labels![i]]}" landed only in the test split; add samples of it or lower testFraction`);
}

/** Labels or targets of a table, for the chosen task. */
function outputsOf(table: CsvTable, task: Task, classes: string[] | null): { labels: Int32Array | null; targets: Float64Array | null } {
  return task === 'classification' ? { labels: labelRows(table, classes!), targets: null } : { labels: null, targets: targetValues(table) };
}

/** Builds a Dataset from CSV text (and an optional test CSV with the same header); `seed` drives the split. */
export function parseCsvDataset(
  text: string, spec: CsvDataSpec, fileName: string, seed: number, testText?: string, options: CsvOptions = {},
): Dataset {
  const table = readCsvTable(text, fileName, spec.target);
  const width = table.featureNames.length;
  const task = chooseTask(table, spec, options);
  const classes = task === 'classification' ? collectClasses(table) : null;
  const own = outputsOf(table, task, classes);
  let train: Split;
  let test: Split;
  if (testText !== undefined) {
    const testTable = readCsvTable(testText, spec.testCsv ?? 'test CSV', spec.target, table.header);
    const other = outputsOf(testTable, task, classes);
    train = makeSplit(table.features, width, 1, own.labels, own.targets, 1, rangeIndices(table.count));
    test = makeSplit(testTable.features, width, 1, other.labels, other.targets, 1, rangeIndices(testTable.count));
  } else {
    const parts = splitKeepingOrder(table.count, spec.testFraction ?? DEFAULTS.testFraction, seed, fileName);
    train = makeSplit(table.features, width, 1, own.labels, own.targets, 1, parts.train);
    test = makeSplit(table.features, width, 1, own.labels, own.targets, 1, parts.test);
    if (classes) checkClassesInTrain(train, test, classes, table, parts.test);
  }
  const normalization = chooseNormalization(spec.normalize ?? 'none', train.x as Float64Array, train.count, width, options.savedNormalization);
  if (normalization) {
    normalizeRowsInPlace(normalization, train.x as Float64Array, width);
    normalizeRowsInPlace(normalization, test.x as Float64Array, width);
  }
  return {
    name: fileName, task, inputSize: width, outputSize: classes ? classes.length : 1,
    classNames: classes, featureNames: table.featureNames, normalization, train, test,
  };
}
