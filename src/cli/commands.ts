/** The three CLI commands over the engine: train, check, validate. */
import { readFileSync } from 'node:fs';
import { DataError } from '../engine/data/dataset';
import { modelStartFromJson, toModelJson, type ModelStart } from '../engine/model/model';
import { diagnoseDivergence, DivergenceWatch } from '../engine/monitor/divergence';
import { firstNonFiniteLayer } from '../engine/monitor/layer-summaries';
import { ResourceError } from '../engine/train/resources';
import { checkGradients, chooseTrainer, createTrainer, fallbackSentence, prepareRun, SpecError, trainerUsed, validSpec, type TrainerUsed } from '../engine/train/run';
import type { Dataset, NormalizationStats } from '../engine/data/dataset';
import { DEFAULTS, type NetworkSpec } from '../engine/spec/types';
import { epochEvaluationOrders, evaluateEpoch } from '../engine/train/epoch-evaluation';
import type { Trainer } from '../engine/train/training-types';
import { writeJsonAtomicSync } from '../node/atomic';
import { checkSpecFile } from '../node/specDataCheck';
import { nodeFastOptions } from '../node/threads';
import { dataReader } from './files';
import { diagnosticLine, progressBar } from './format';
import { fmt, gradCheckTable, table } from '../engine/check/gradcheck-table';
import { EpochHealth, healthLine, normsLine } from './health';

export interface Output { out: (line: string) => void; err: (text: string) => void; isTTY: boolean }

export interface TrainOptions { epochs?: number; seed?: number; init?: string; save?: string; json: boolean; memoryBudgetBytes?: number; threads?: number; reference?: boolean }

function readSpec(specPath: string): string {
  try {
    return readFileSync(specPath, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the spec ${specPath}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, 1);
  }
}

/** A failure to report as one sentence with an exit code (1: bad input, 2: bad usage). */
export class UsageError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2) { super(message); }
}

/** Spec and data set, with spec errors and data errors turned into located one-line messages. */
export function prepare(specPath: string, overrides: { seed?: number; epochs?: number; memoryBudgetBytes?: number; savedNormalization?: NormalizationStats | null } = {}) {
  const text = readSpec(specPath);
  const files = dataReader(specPath, overrides.memoryBudgetBytes);
  try {
    const run = prepareRun(text, files.readFile, { gunzip: files.gunzip, memoryBudgetBytes: overrides.memoryBudgetBytes, savedNormalization: overrides.savedNormalization });
    if (overrides.seed !== undefined) run.spec.seed = overrides.seed;
    if (overrides.epochs !== undefined) run.spec.training.epochs = overrides.epochs;
    return { ...run, text };
  } catch (e) {
    if (e instanceof SpecError) throw specUsageError(specPath, e);
    if (e instanceof ResourceError) throw new UsageError(`${e.file ? '' : `${specPath}: `}not started: ${e.message}`, 1);
    if (e instanceof DataError) {
      const where = [e.file, e.line, e.column].filter((v) => v !== undefined).join(':');
      throw new UsageError(`${where ? `${where}: ` : ''}${e.message}`, 1);
    }
    throw e;
  }
}

/** The spec's first error as `file:line:column: error: message [code]`, exit 1. */
function specUsageError(specPath: string, e: SpecError): UsageError {
  const first = e.diagnostics.find((d) => d.severity === 'error') ?? e.diagnostics[0];
  return new UsageError(first ? diagnosticLine(specPath, first) : `${specPath}: invalid spec`, 1);
}

/** The spec file parsed and structurally valid, its data not read (export --to onnx needs none), or a located UsageError. */
export function readValidSpec(specPath: string): NetworkSpec {
  const text = readSpec(specPath);
  try {
    return validSpec(text);
  } catch (e) {
    if (e instanceof SpecError) throw specUsageError(specPath, e);
    throw e;
  }
}

/** --init MODEL: its weights and saved normalisation (the spec gives the architecture), or a UsageError. */
export function readInitModel(modelPath: string | undefined): ModelStart | undefined {
  if (!modelPath) return undefined;
  try {
    return modelStartFromJson(JSON.parse(readFileSync(modelPath, 'utf8')));
  } catch (e) {
    throw new UsageError(`${modelPath}: not a usable model (${(e as Error).message})`, 1);
  }
}

/** Runs `use` on the model's weights, turning a shape the spec does not have into a UsageError naming the model. */
export function withModelShapes<T>(modelPath: string | undefined, use: () => T): T {
  try {
    return use();
  } catch (e) {
    if (modelPath && e instanceof Error && /^(layer \d+: )?the model has/.test(e.message)) throw new UsageError(`${modelPath}: ${e.message}`, 1);
    throw e;
  }
}

export function train(specPath: string, opts: TrainOptions, io: Output): number {
  const model = readInitModel(opts.init);
  const { spec, dataset, text } = prepare(specPath, { seed: opts.seed, epochs: opts.epochs, memoryBudgetBytes: opts.memoryBudgetBytes, savedNormalization: model?.normalization });
  const initial = model?.parameters;
  const chosen = withModelShapes(opts.init, () => chooseTrainer(spec, dataset, { initial, fast: opts.reference ? false : nodeFastOptions(opts.threads) }));
  const trainer = chosen.trainer;
  const used = trainerUsed(trainer);
  if (chosen.fallback) io.err(`${specPath}: warning: ${fallbackSentence(chosen.fallback, spec)}\n`);
  const started = performance.now();
  const rows: string[][] = [];
  const header = ['epoch', 'loss', 'accuracy', 'test loss', 'test acc.', 'seconds'];
  const showBar = !opts.json && io.isTTY && trainer.stepsPerEpoch >= 50;
  let last = { loss: NaN, accuracy: null as number | null, testLoss: null as number | null, testAccuracy: null as number | null };
  const watch = new DivergenceWatch();
  const health = new EpochHealth();
  let trainMs = 0;
  const orders = epochEvaluationOrders(dataset, spec.seed ?? DEFAULTS.seed);
  if (!opts.json && orders.train.length < dataset.train.count) io.out(sampleNote(orders.train.length, dataset.train.count));
  for (let epoch = 1; epoch <= spec.training.epochs; epoch++) {
    const epochStart = performance.now();
    for (let s = 0; s < trainer.stepsPerEpoch; s++) {
      watch.beforeStep(trainer);
      const r = trainer.trainStep();
      watch.afterStep(r.loss);
      if (!Number.isFinite(r.loss)) throw nonFiniteError(spec, dataset, trainer, watch, `the loss became ${r.loss}`, r.step, epoch);
      if (showBar && s % 20 === 0) io.err(progressBar(s, trainer.stepsPerEpoch, `epoch ${epoch}`));
    }
    trainMs += performance.now() - epochStart;
    if (showBar) io.err('\r\x1b[K');
    const snapshot = trainer.snapshot();
    if (firstNonFiniteLayer(snapshot) !== null) throw nonFiniteError(spec, dataset, trainer, watch, 'δ became NaN or infinite', trainer.step, epoch);
    health.add(snapshot);
    const { train: tr, test: te } = evaluateEpoch(trainer, dataset, orders);
    last = { loss: tr.loss, accuracy: tr.accuracy, testLoss: te?.loss ?? null, testAccuracy: te?.accuracy ?? null };
    const seconds = (performance.now() - started) / 1000;
    if (opts.json) {
      io.out(JSON.stringify({ type: 'epoch', epoch, ...withoutNullAccuracy(last, dataset.task), trainSamples: orders.train.length, seconds, trainSeconds: trainMs / 1000 }));
    } else {
      rows.push([String(epoch), fmt(last.loss), fmt(last.accuracy), fmt(last.testLoss), fmt(last.testAccuracy), seconds.toFixed(1)]);
      if (epoch === 1 || epoch === spec.training.epochs || spec.training.epochs <= 25 || epoch % Math.ceil(spec.training.epochs / 20) === 0) {
        io.out(rows.length === 1 ? table(header, rows) : table(header, rows).split('\n').pop()!);
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  if (opts.save) {
    const model = toModelJson(spec.name ?? 'model', spec.loss, trainer.parameters(), dataset, trainer.step);
    writeJsonAtomicSync(opts.save, model);
  }
  const findings = health.findings();
  if (opts.json) io.out(JSON.stringify({ type: 'done', epochs: spec.training.epochs, ...withoutNullAccuracy(last, dataset.task), trainSamples: orders.train.length, seconds, trainSeconds: trainMs / 1000, ...used, deltaNorms: health.lastNorms(), health: findings }));
  else {
    io.out(normsLine(health.lastNorms()));
    for (const finding of findings) io.err(`${healthLine(specPath, text, finding)}\n`);
    io.out(`Trained ${spec.training.epochs} epoch(s) in ${seconds.toFixed(1)} s with ${trainerPhrase(used)}${opts.save ? `; model saved to ${opts.save}` : ''}.`);
  }
  return 0;
}

/** "the fast float32 trainer (2 threads)" or "the float64 reference trainer". */
function trainerPhrase(used: TrainerUsed): string {
  return used.trainer === 'fast' ? `the fast ${used.precision} trainer (${used.threads} thread${used.threads === 1 ? '' : 's'})` : 'the float64 reference trainer';
}

/** The line that says the training columns are over a sample (the test columns cover the whole test split). */
function sampleNote(samples: number, of: number): string {
  return `loss and accuracy: over a fixed sample of ${samples} of the ${of} training samples; test columns: the whole test split`;
}

/** The run stopped being finite: where (step, layer) and why (gradient check of the last finite weights). */
function nonFiniteError(spec: NetworkSpec, dataset: Dataset, trainer: Trainer, watch: DivergenceWatch, what: string, step: number, epoch: number): UsageError {
  const depth = spec.layers.length - 1;
  const layer = firstNonFiniteLayer(trainer.snapshot()) ?? depth;
  const where = layer === depth ? `the output layer ${layer} (layers[${layer}])` : `layer ${layer} (layers[${layer}])`;
  const diagnosis = diagnoseDivergence(spec, dataset, watch.lastFinite, watch.firstFinite);
  return new UsageError(`${what} at step ${step} (epoch ${epoch}) in ${where}; ${diagnosis.sentence}.`, 1);
}

function withoutNullAccuracy(m: { loss: number; accuracy: number | null; testLoss: number | null; testAccuracy: number | null }, task: string) {
  const out: Record<string, number | null> = { loss: m.loss };
  if (task === 'classification') out.accuracy = m.accuracy;
  if (m.testLoss !== null) out.testLoss = m.testLoss;
  if (task === 'classification' && m.testAccuracy !== null) out.testAccuracy = m.testAccuracy;
  return out;
}

export function check(specPath: string, opts: { json: boolean; init?: string; memoryBudgetBytes?: number }, io: Output): number {
  const model = readInitModel(opts.init);
  const { spec, dataset } = prepare(specPath, { memoryBudgetBytes: opts.memoryBudgetBytes, savedNormalization: model?.normalization });
  const params = model?.parameters ?? createTrainer(spec, dataset).parameters();
  const report = withModelShapes(opts.init, () => checkGradients(spec, dataset, params));
  if (opts.json) {
    const layers = report.layers.map((l) => ({
      layer: l.layer,
      weights: { verdict: l.weights.verdict, maxRelError: l.weights.maxRelError, medianRelError: l.weights.medianRelError, checked: l.weights.checked, kinks: l.weights.kinks },
      biases: { verdict: l.biases.verdict, maxRelError: l.biases.maxRelError, medianRelError: l.biases.medianRelError, checked: l.biases.checked, kinks: l.biases.kinks },
      delta: { verdict: l.delta.verdict, maxRelError: l.delta.maxRelError, medianRelError: l.delta.medianRelError, checked: l.delta.checked, kinks: l.delta.kinks },
    }));
    io.out(JSON.stringify({ type: 'gradcheck', passed: report.passed, epsilon: report.epsilon, samples: report.samples, culpritLayer: report.culpritLayer, layers }));
  } else {
    io.out(gradCheckTable(report));
  }
  return report.passed ? 0 : 1;
}

export function validate(specPath: string, opts: { json: boolean; memoryBudgetBytes?: number }, io: Output): number {
  const text = readSpec(specPath);
  const diagnostics = checkSpecFile(specPath, text, { allowOutside: true, memoryBudgetBytes: opts.memoryBudgetBytes });
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (opts.json) io.out(JSON.stringify({ type: 'diagnostics', diagnostics }));
  else {
    for (const d of diagnostics) io.out(diagnosticLine(specPath, d));
    io.out(errors ? `${errors} error(s).` : `${specPath} is valid${diagnostics.length ? ` (${diagnostics.length} note(s))` : ''}.`);
  }
  return errors ? 1 : 0;
}
