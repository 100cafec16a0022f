/** The files of an exported PyTorch project (model.py, data.py, train.py, README.md, init-model.json, builtin data as CSV). */
import type { Dataset, NormalizationStats, Split } from '../data/dataset';
import { feature } from '../data/dataset';
import { inputMappingFromModelJson, toModelJson, type ModelJson } from '../model/model';
import type { DenseLayerSpec, NetworkSpec } from '../spec/types';
import { DEFAULTS, isBuiltinData, isCsvData } from '../spec/types';
import type { LayerParameters } from '../train/training-types';
import { dataPy, type ExportedData } from './pytorch-data';
import { modelPy } from './pytorch-model';
import { pytorchReadme } from './pytorch-readme';
import { parametersUnderSpec } from './spec-model';
import { trainPy } from './pytorch-train';

export interface ProjectFile { path: string; text: string }

export interface PytorchExportInput {
  spec: NetworkSpec;
  dataset: Dataset;
  /** The starting weights: the engine's seeded initialisation, or a saved model's (--init); the spec's shapes, else it throws naming the layer. */
  initial: LayerParameters[];
  /** The spec's data files as train.py should open them, relative to the project folder (ignored for builtin data). */
  dataPaths: Record<string, string | null>;
  /** The starting model's saved normalisation (--init, a trained model): data.py maps CSV features with it, as train --init does; absent: fitted. */
  savedNormalization?: NormalizationStats | null;
  /** Where train.py's lens records by default (`<dir>/<name>-<time>`, dir relative to the project); absent: `.backprop-lens/runs`, `<spec name>-pytorch`. */
  lensRuns?: { dir: string; name: string };
}

/** Every file of the project, paths relative to its folder. */
export function pytorchProject(input: PytorchExportInput): ProjectFile[] {
  const { spec, dataset } = input;
  const initial = parametersUnderSpec(spec, input.initial);
  const name = spec.name ?? 'model';
  const builtin = isBuiltinData(spec.data);
  const files: ProjectFile[] = [
    { path: 'model.py', text: modelPy({ name, inputUnits: dataset.inputSize, layers: (spec.layers.slice(1) as DenseLayerSpec[]).map((l) => ({ units: l.units, activation: l.activation })), init: spec.init ?? DEFAULTS.init, loss: spec.loss }) },
    { path: 'data.py', text: dataPy(exportedData(input, builtin)) },
    { path: 'train.py', text: trainPy(name, { ...trainingOf(spec, initial), lensRuns: input.lensRuns ?? { dir: '.backprop-lens/runs', name: `${name.replace(/[^\w.-]+/g, '-')}-pytorch` } }) },
    { path: 'init-model.json', text: `${JSON.stringify(toModelJson(name, spec.loss, initial, dataset, 0))}\n` },
    { path: 'README.md', text: pytorchReadme(name, builtin ? 'data/train.csv' : Object.values(input.dataPaths).filter(Boolean).join(', ')) },
  ];
  if (builtin) {
    files.push({ path: 'data/train.csv', text: splitCsv(dataset, dataset.train) });
    if (dataset.test.count > 0) files.push({ path: 'data/test.csv', text: splitCsv(dataset, dataset.test) });
  }
  return files;
}

/**
 * The data description a saved model carries (task, names, input mapping) with no samples: enough for a project whose
 * data.py reads the spec's CSV or IDX files itself (builtin data needs the generated Dataset).
 */
export function datasetOfModel(model: ModelJson): Dataset {
  const empty: Split = { count: 0, x: new Float64Array(0), xScale: inputMappingFromModelJson(model).inputScale, labels: null, targets: null };
  const units = model.layers[model.layers.length - 1].units;
  return {
    name: model.name, task: model.task, inputSize: model.layers[0].units, outputSize: model.classNames?.length ?? units,
    classNames: model.classNames, featureNames: model.featureNames, normalization: model.normalization, train: empty, test: empty,
  };
}

/** data.py's description: builtin sets become the project's own CSV files (already split, never normalised). */
function exportedData({ spec, dataset, dataPaths, savedNormalization }: PytorchExportInput, builtin: boolean): ExportedData {
  const outputUnits = spec.layers[spec.layers.length - 1].units;
  const common = { task: dataset.task, classNames: dataset.classNames, featureNames: dataset.featureNames, outputUnits, seed: spec.seed ?? DEFAULTS.seed, savedNormalization: null };
  if (builtin) {
    const test = dataset.test.count > 0 ? 'data/test.csv' : null;
    return { ...common, kind: 'csv', files: { csv: 'data/train.csv', testCsv: test }, target: targetName(dataset), testFraction: 0, normalize: 'none', limit: null };
  }
  const data = spec.data;
  if (isCsvData(data)) {
    const saved = savedNormalization && savedNormalization.method !== 'none' ? savedNormalization : null;
    return { ...common, kind: 'csv', files: dataPaths, target: data.target, testFraction: data.testFraction ?? DEFAULTS.testFraction, normalize: data.normalize ?? 'none', savedNormalization: saved, limit: null };
  }
  return { ...common, kind: 'idx', files: dataPaths, target: null, testFraction: data.testFraction ?? DEFAULTS.testFraction, normalize: 'none', limit: 'limit' in data ? data.limit ?? null : null };
}

function targetName(dataset: Dataset): string {
  return dataset.task === 'classification' ? 'label' : 'y';
}

/** A split as CSV: feature columns, then the class name or the target values (numbers in round-trip form). */
function splitCsv(dataset: Dataset, split: Split): string {
  const features = dataset.featureNames ?? Array.from({ length: dataset.inputSize }, (_, k) => `x${k + 1}`);
  const lines = [[...features, targetName(dataset)].join(',')];
  for (let i = 0; i < split.count; i++) {
    const row = features.map((_, k) => String(feature(split, dataset.inputSize, i, k)));
    row.push(split.labels ? dataset.classNames![split.labels[i]] : String(split.targets![i * dataset.outputSize]));
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Hyper-parameters with the engine's defaults filled in. */
function trainingOf(spec: NetworkSpec, initial: LayerParameters[]) {
  const o = spec.optimizer;
  return {
    loss: spec.loss, l2: spec.regularization?.l2 ?? DEFAULTS.l2, batchSize: spec.training.batchSize, epochs: spec.training.epochs,
    seed: spec.seed ?? DEFAULTS.seed, shuffle: spec.training.shuffle !== false, precision: spec.precision ?? DEFAULTS.precision,
    initDraws: initial.reduce((n, p) => n + p.units * p.fanIn, 0),
    optimizer: {
      type: o.type, learningRate: o.learningRate, momentum: o.momentum ?? DEFAULTS.momentum,
      beta1: o.beta1 ?? DEFAULTS.beta1, beta2: o.beta2 ?? DEFAULTS.beta2, epsilon: o.epsilon ?? DEFAULTS.adamEpsilon,
    },
  };
}
