/**
 * Memory budget: what a run needs (weights, per-batch activations/δ/gradients, optimizer state, the data set),
 * estimated from the spec and the data's shape, so an oversized run is refused before anything big is allocated.
 * Figures are for the float64 reference trainer (the float32 fast path needs less).
 */
import { DataError } from '../data/dataset';
import type { NetworkSpec } from '../spec/types';
import { DEFAULTS } from '../spec/types';

export const MIB = 2 ** 20;
/** Default budget of the CLI and the extension setting backpropLens.memoryBudgetMB. */
export const DEFAULT_MEMORY_BUDGET_MB = 1024;
/** Samples per evaluation chunk (ReferenceTrainer.evaluate). */
const EVAL_CHUNK = 256;
const F64 = 8;

/** What the data contributes: its shape and the bytes it holds (peak while loading). */
export interface DataShape {
  trainCount: number;
  testCount: number;
  dataBytes: number;
}

/** Bytes per part of a run; total is their sum. */
export interface RunBytes {
  weights: number;
  /** ∂E/∂W, ∂E/∂b: one set per distinct batch width the trainer keeps buffers for. */
  gradients: number;
  /** z, a, δ, σ', (W^{l+1})ᵀδ^{l+1} and targets per kept batch width, plus one snapshot copy. */
  activations: number;
  /** Velocities (momentum), two moments (adam), the L2 scratch. */
  optimizer: number;
  data: number;
  total: number;
}

/** A run the budget refuses; the message gives the figure it would need. */
export class ResourceError extends DataError {
  constructor(message: string, readonly neededBytes: number, readonly budgetBytes: number, file?: string) {
    super(message, file);
    this.name = 'ResourceError';
  }
}

/** "1.5 GiB", "12.3 MiB", "900 KiB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return `${bytes} bytes`;
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (bytes >= MIB) return `${(bytes / MIB).toFixed(1)} MiB`;
  return `${Math.ceil(bytes / 1024)} KiB`;
}

/** Parameter count P = Σ_l units_l · (fanIn_l + 1), and the unit counts. */
function networkSize(spec: NetworkSpec): { parameters: number; hiddenAndOutputUnits: number; inputUnits: number; outputUnits: number } {
  let parameters = 0, units = 0;
  for (let l = 1; l < spec.layers.length; l++) {
    parameters += spec.layers[l].units * (spec.layers[l - 1].units + 1);
    units += spec.layers[l].units;
  }
  return { parameters, hiddenAndOutputUnits: units, inputUnits: spec.layers[0]?.units ?? 0, outputUnits: spec.layers.at(-1)?.units ?? 0 };
}

/** The distinct batch widths the reference trainer keeps buffers for: the batch, its remainder, evaluation chunks. */
function batchWidths(batchSize: number, trainCount: number, testCount: number): number[] {
  const widths = new Set<number>();
  const batch = Math.max(1, Math.min(batchSize, trainCount));
  widths.add(batch);
  if (trainCount % batch) widths.add(trainCount % batch);
  for (const count of [trainCount, testCount]) {
    if (count <= 0) continue;
    widths.add(Math.min(EVAL_CHUNK, count));
    if (count > EVAL_CHUNK && count % EVAL_CHUNK) widths.add(count % EVAL_CHUNK);
  }
  return [...widths];
}

/** Optimizer state in parameter-sized arrays: momentum v, adam m and v, plus a scratch when L2 > 0. */
function optimizerCopies(spec: NetworkSpec): number {
  const moments = spec.optimizer.type === 'adam' ? 2 : spec.optimizer.type === 'momentum' ? 1 : 0;
  return moments + ((spec.regularization?.l2 ?? DEFAULTS.l2) > 0 ? 1 : 0);
}

/** Bytes a run of `spec` needs on data of `shape`. */
export function estimateRunBytes(spec: NetworkSpec, shape: DataShape): RunBytes {
  const { parameters, hiddenAndOutputUnits, inputUnits, outputUnits } = networkSize(spec);
  const widths = batchWidths(spec.training.batchSize, Math.max(1, shape.trainCount), shape.testCount);
  const columns = widths.reduce((a, b) => a + b, 0);
  const batch = widths[0];
  const perColumn = inputUnits + 5 * hiddenAndOutputUnits + outputUnits;
  const weights = F64 * parameters;
  // One gradient set per width, plus parameter-sized copies: a snapshot's ∂E/∂W, the divergence watch's first, last
  // and pending weights, a gradient check's network and the exported parameters.
  const gradients = F64 * parameters * (widths.length + 6);
  const activations = F64 * (columns * perColumn + 5 * hiddenAndOutputUnits * batch) + 4 * Math.max(1, shape.trainCount);
  const optimizer = F64 * parameters * optimizerCopies(spec);
  const data = shape.dataBytes;
  return { weights, gradients, activations, optimizer, data, total: weights + gradients + activations + optimizer + data };
}

/** The network alone, trained on one batch: what a spec needs whatever its data (checked before reading data). */
export function estimateNetworkBytes(spec: NetworkSpec): RunBytes {
  return estimateRunBytes(spec, { trainCount: spec.training.batchSize, testCount: 0, dataBytes: 0 });
}

/** One line naming the biggest parts: "weights 1.2 GiB, gradients 4.8 GiB, …". */
function describeRunBytes(bytes: RunBytes): string {
  const parts: [string, number][] = [['weights', bytes.weights], ['gradients', bytes.gradients], ['activations and δ', bytes.activations], ['optimizer state', bytes.optimizer], ['data', bytes.data]];
  return parts.filter(([, b]) => b > 0).map(([name, b]) => `${name} ${formatBytes(b)}`).join(', ');
}

/** Throws a ResourceError when `bytes` exceeds the budget, naming the figure and the setting to change. */
export function checkBudget(bytes: RunBytes, budgetBytes: number, what = 'this run'): void {
  if (bytes.total <= budgetBytes) return;
  throw new ResourceError(
    `${what} would need about ${formatBytes(bytes.total)} (${describeRunBytes(bytes)}), over the memory budget of ${formatBytes(budgetBytes)}: ` +
    'make the layers or the batch smaller, use fewer samples (e.g. "limit"), or raise the budget (setting backpropLens.memoryBudgetMB, CLI --memory-budget).',
    bytes.total, budgetBytes,
  );
}
