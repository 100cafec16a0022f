/** Setting up one run in the worker: spec + data → trainer, with failures turned into one clear sentence. */
import { epochEvaluationOrders } from '../engine/train/epoch-evaluation';
import { HealthWindow } from '../engine/monitor/health';
import { DataError } from '../engine/data/dataset';
import type { Dataset } from '../engine/data/dataset';
import { modelStartFromJson } from '../engine/model/model';
import { DivergenceWatch } from '../engine/monitor/divergence';
import { ResourceError } from '../engine/train/resources';
import { chooseTrainer, fallbackSentence, prepareRun, SpecError } from '../engine/train/run';
import { DEFAULTS, type NetworkSpec } from '../engine/spec/types';
import type { Trainer } from '../engine/train/training-types';
import type { EpochMetrics, PreloadedFiles, RunInfo, RunOptions, RunState, StepPoint } from '../protocol';
import type { WorkerPlatform } from './platform';
import { runInfo } from './messages';

export interface ActiveRun {
  spec: NetworkSpec;
  dataset: Dataset;
  trainer: Trainer;
  info: RunInfo;
  options: RunOptions;
  state: RunState;
  metrics: EpochMetrics[];
  /** Loss points not yet posted. */
  points: StepPoint[];
  startedAt: number;
  lastSnapshotStep: number;
  /** The latest snapshots' layer summaries: what the health rules read. */
  healthWindow: HealthWindow;
  lastBoundaryAt: number;
  /** Warnings from validation, for the log. */
  warnings: string[];
  /** The last finite weights, gradient-checked if the run diverges. */
  watch: DivergenceWatch;
  /** The samples evaluated after each epoch: a fixed training sample and the whole test split. */
  evaluationOrders: { train: Int32Array; test: Int32Array };
}

/** A start failure the user can act on: the message names the file, line and column when known. */
export class StartError extends Error {}

export interface StartRequest { runId: string; specPath: string; specText: string; options: RunOptions; initialModel?: unknown; files?: PreloadedFiles }

function describeFailure(error: unknown): string {
  if (error instanceof SpecError) return `The spec is not valid: ${error.message}`;
  if (error instanceof ResourceError) return `Not started, over the memory budget: ${error.message}`;
  if (error instanceof DataError) {
    const where = [error.file, error.line, error.column].filter((v) => v !== undefined).join(':');
    return `Cannot load the data: ${where ? `${where}: ` : ''}${error.message}`;
  }
  return `Cannot start the run: ${error instanceof Error ? error.message : String(error)}`;
}

/** Prepares spec, data and trainer; throws StartError with a user-facing message. */
export function createActiveRun(request: StartRequest, now: number, platform: WorkerPlatform): ActiveRun {
  try {
    const access = platform.dataFiles(request.specPath, request.options, request.files);
    // A saved model gives weights and its inputs' normalisation; the spec gives the architecture, activations included.
    const model = request.initialModel === undefined ? undefined : modelStartFromJson(request.initialModel);
    const prepared = prepareRun(request.specText, access.readFile, { gunzip: access.gunzip, memoryBudgetBytes: request.options.memoryBudgetBytes, savedNormalization: model?.normalization });
    const { spec, dataset } = prepared;
    if (request.options.epochsOverride) spec.training.epochs = request.options.epochsOverride;
    const chosen = chooseTrainer(spec, dataset, { initial: model?.parameters, fast: platform.fastOptions() });
    const trainer = chosen.trainer;
    const evaluationOrders = epochEvaluationOrders(dataset, spec.seed ?? DEFAULTS.seed);
    const info = runInfo(request.runId, request.specPath, request.specText, spec, dataset, { chosen, trainEvaluationSamples: evaluationOrders.train.length, threadsLimit: platform.threadsLimit });
    const warnings = prepared.diagnostics.filter((d) => d.severity === 'warning').map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    if (chosen.fallback) warnings.push(fallbackSentence(chosen.fallback, spec));
    return {
      spec, dataset, trainer, info, options: request.options, state: request.options.startPaused ? 'paused' : 'running',
      metrics: [], points: [], startedAt: now, lastSnapshotStep: -1, healthWindow: new HealthWindow(), lastBoundaryAt: -Infinity, warnings, watch: new DivergenceWatch(),
      evaluationOrders,
    };
  } catch (error) {
    throw new StartError(describeFailure(error));
  }
}
