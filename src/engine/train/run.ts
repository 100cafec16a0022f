/** One training run's setup, shared by the CLI and the worker: spec text → validated spec → data set → trainer. */
import { buildDataset, type BuildDatasetOptions, type ReadDataFile } from '../data';
import type { Dataset } from '../data/dataset';
import { gradientCheck, type GradCheckReport } from '../check/gradcheck';
import { lossOfSpec } from '../nn/losses';
import { Matrix } from '../nn/matrix';
import { fillBatch, fillTargets } from '../data/batch';
import { Rng } from '../nn/rng';
import { parseSpecText, validateSpec } from '../spec';
import type { SpecDiagnostic } from '../spec/diagnostics';
import type { NetworkSpec, Precision } from '../spec/types';
import { DEFAULTS, isBuiltinData } from '../spec/types';
import { FastTrainer, tryCreateFastTrainer, type FastTrainerRequest } from '../fast';
import { ReferenceTrainer, networkHolding, type TrainerOptions } from './trainer';
import { checkBudget, estimateNetworkBytes, estimateRunBytes } from './resources';
import { DataBudget, estimateBuiltinBytes, type Gunzip } from './resources-data';
import type { LayerParameters, Trainer } from './training-types';

/** The spec is not valid: its diagnostics say where and why. */
export class SpecError extends Error {
  constructor(readonly diagnostics: SpecDiagnostic[]) {
    const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0];
    const where = first ? `line ${first.range.start.line + 1}, column ${first.range.start.character + 1}` : 'the spec';
    super(first ? `${where}: ${first.message}` : 'invalid spec');
    this.name = 'SpecError';
  }
}

/** The spec text parsed and structurally valid (no data read: an export needs none), or a SpecError saying where. */
export function validSpec(specText: string): NetworkSpec {
  const parsed = parseSpecText(specText);
  const structural = validateSpec(specText);
  if (!parsed.spec || structural.some((d) => d.severity === 'error')) throw new SpecError(structural);
  return parsed.spec;
}

export interface PreparedRun {
  spec: NetworkSpec;
  dataset: Dataset;
  /** Warnings and infos (errors make prepareRun throw). */
  diagnostics: SpecDiagnostic[];
}

export interface PrepareOptions extends Omit<BuildDatasetOptions, 'gunzip'> {
  gunzip?: Gunzip;
  /** Refuse (ResourceError) a run whose estimated bytes pass this, checked before the data and the network are allocated. */
  memoryBudgetBytes?: number;
}

/**
 * Parses and validates the spec, checks the network against the budget, builds its data set (each file sized
 * against the budget as it is read), checks the whole run, then validates again against the data's shape.
 */
export function prepareRun(specText: string, readFile: ReadDataFile, options: PrepareOptions = {}): PreparedRun {
  const spec = validSpec(specText);
  const dataset = buildDatasetWithinBudget(spec, readFile, options);
  const diagnostics = validateSpec(specText, {
    dataInfo: { inputSize: dataset.inputSize, outputSize: dataset.outputSize, task: dataset.task, classCount: dataset.classNames?.length, sampleCount: dataset.train.count },
  });
  if (diagnostics.some((d) => d.severity === 'error')) throw new SpecError(diagnostics);
  return { spec, dataset, diagnostics };
}

/**
 * buildDataset under the budget: the network first (huge layers), then each data file as it is read, then the whole
 * run. `dataOnly` (the editor's cached data probe) budgets the data alone, whatever the layers.
 */
export function buildDatasetWithinBudget(spec: NetworkSpec, readFile: ReadDataFile, options: PrepareOptions, dataOnly = false): Dataset {
  const budget = options.memoryBudgetBytes;
  if (budget === undefined) return buildDataset(spec, readFile, { gunzip: options.gunzip, savedNormalization: options.savedNormalization });
  const network = dataOnly ? undefined : estimateNetworkBytes(spec);
  if (network) checkBudget(network, budget, 'the network');
  const meter = new DataBudget(network?.total ?? 0, budget);
  if (isBuiltinData(spec.data)) meter.add(estimateBuiltinBytes(spec.data.samples ?? DEFAULTS.builtinSamples), `the ${spec.data.builtin} data`);
  let dataset: Dataset;
  try {
    dataset = buildDataset(spec, meter.wrapRead(readFile), { gunzip: meter.wrapGunzip(options.gunzip), savedNormalization: options.savedNormalization });
  } catch (error) {
    throw meter.refusal ?? error;
  }
  if (!dataOnly) checkBudget(estimateRunBytes(spec, { trainCount: dataset.train.count, testCount: dataset.test.count, dataBytes: meter.dataBytes }), budget);
  return dataset;
}

export interface CreateTrainerOptions extends TrainerOptions {
  /** The WebAssembly fast path's settings, or false for the float64 TypeScript reference trainer. */
  fast?: Omit<FastTrainerRequest, 'initial'> | false;
}

/** The trainer a run got and, when the fast path was asked for but could not train the spec, why not. */
export interface ChosenTrainer { trainer: Trainer; fallback: string | null }

/**
 * The trainer for a spec: the WebAssembly fast path in the spec's precision (float64 by default; it follows the
 * reference trainer step for step within 1e-10) when the runtime and the network allow it, else the reference trainer.
 */
export function chooseTrainer(spec: NetworkSpec, dataset: Dataset, options: CreateTrainerOptions = {}): ChosenTrainer {
  if (options.fast === false) return { trainer: new ReferenceTrainer(spec, dataset, options), fallback: null };
  const fast = tryCreateFastTrainer(spec, dataset, { ...(options.fast ?? {}), initial: options.initial });
  if (fast instanceof FastTrainer) return { trainer: fast, fallback: null };
  return { trainer: new ReferenceTrainer(spec, dataset, options), fallback: fast.unavailable };
}

export function createTrainer(spec: NetworkSpec, dataset: Dataset, options: CreateTrainerOptions = {}): Trainer {
  return chooseTrainer(spec, dataset, options).trainer;
}

/** What a run really trains with: the fast path (its precision and threads) or the float64 reference trainer. */
export interface TrainerUsed { trainer: 'fast' | 'reference'; precision: Precision; threads: number }

export function trainerUsed(trainer: Trainer): TrainerUsed {
  return trainer instanceof FastTrainer
    ? { trainer: 'fast', precision: trainer.precision, threads: trainer.threads }
    : { trainer: 'reference', precision: 'float64', threads: 1 };
}

/** The sentence a host logs when the fast path was asked for and not used. */
export function fallbackSentence(fallback: string, spec: NetworkSpec): string {
  const asked = spec.precision === 'float32' ? ' (the spec asks for float32)' : '';
  return `The fast WebAssembly trainer cannot train this spec: ${fallback}. Training with the float64 TypeScript reference trainer instead${asked}.`;
}

/**
 * Gradient check of the given weights and biases (shapes as the spec's) in the spec's network (activations from the
 * spec, not from `params`), on a few seeded training samples, in float64, without regularisation.
 */
export function checkGradients(spec: NetworkSpec, dataset: Dataset, params: LayerParameters[], seed = spec.seed ?? DEFAULTS.seed): GradCheckReport {
  const net = networkHolding(spec, params);
  const samples = Math.max(1, Math.min(spec.gradientCheck?.samples ?? DEFAULTS.gradcheckSamples, dataset.train.count));
  const rng = new Rng(seed + 7919);
  const order = Int32Array.from({ length: dataset.train.count }, (_, i) => i);
  rng.shuffleInPlace(order);
  const x = new Matrix(dataset.inputSize, samples);
  const y = new Matrix(net.layer(net.depth).units, samples);
  fillBatch(dataset.train, dataset.inputSize, order, 0, samples, x.data);
  fillTargets(dataset, dataset.train, order, 0, samples, y.rows, y.data);
  return gradientCheck(net, lossOfSpec(spec), x, y, {
    epsilon: spec.gradientCheck?.epsilon ?? DEFAULTS.gradcheckEpsilon,
    maxEntries: spec.gradientCheck?.maxEntries ?? DEFAULTS.gradcheckMaxEntries,
    seed,
  });
}
