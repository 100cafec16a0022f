/**
 * Every message that crosses a thread or frame boundary: extension host <-> training worker <-> webviews.
 * Unions keyed by "type"; every receiver switches exhaustively and ends with assertNever.
 * Matrices travel as Float32Array (row-major, units × batch) so they are cheap to clone and transfer.
 */
import type { ActivationName, LossName } from './engine/spec/types';
import type { SpecDiagnostic } from './engine/spec/diagnostics';
import type { HealthFinding } from './engine/monitor/health';
import type { RunRecord } from './engine/record/types';
import type { RecordDelta } from './engine/record/delta';
import type { UnitExplanation } from './engine/explain/unit';
import type { SampleTrace } from './engine/explain/trace';
import type { TrainingStepExplanation } from './engine/explain/batch-step';
import type { PreloadedFile } from './engine/data/data-files';

export type { UnitExplanation } from './engine/explain/unit';
export type { SampleTrace, TraceLayer } from './engine/explain/trace';
export type { TrainingStepExplanation, ParameterStep } from './engine/explain/batch-step';
export type { ParameterUpdate } from './engine/explain/update';
export type { RunRecord, SeriesBuckets } from './engine/record/types';

export function assertNever(x: never): never {
  throw new Error(`unexpected message: ${JSON.stringify(x)}`);
}

export type RunState = 'starting' | 'running' | 'paused' | 'finished' | 'stopped' | 'failed';

/** A run that has ended (finished, stopped or failed): its worker is gone. */
export function runHasEnded(state: RunState | 'idle'): boolean {
  return state === 'finished' || state === 'stopped' || state === 'failed';
}

export interface LayerInfo {
  layer: number;
  units: number;
  activation: ActivationName;
  fanIn: number;
  /** Line of the layer's object in the spec (0-based), for diagnostics and "reveal layer". */
  specLine?: number;
}

export interface RunInfo {
  runId: string;
  specPath: string;
  name: string;
  task: 'classification' | 'regression';
  classNames: string[] | null;
  inputSize: number;
  layers: LayerInfo[];
  /** The spec's loss (absent in older records): with the output activation, which BP1 made δ^L (engine/backprop.ts outputDeltaRule). */
  loss?: LossName;
  epochs: number;
  stepsPerEpoch: number;
  batchSize: number;
  learningRate: number;
  trainCount: number;
  testCount: number;
  /** The precision the run trains in (the reference trainer is always float64, whatever the spec asks). */
  precision: 'float32' | 'float64';
  seed: number;
  /** The trainer actually used: the fast WebAssembly path or the float64 TypeScript reference (absent in older records). */
  trainer?: 'fast' | 'reference';
  threads?: number;
  /** Why `threads` is what it is when the host limits it: 'browser' (no SharedArrayBuffer without cross-origin isolation). */
  threadsLimit?: 'browser';
  /** Why the fast path was not used although it was wanted; null when it was used. */
  trainerFallback?: string | null;
  /** Training samples each epoch row's loss and accuracy are over: all of them, or a fixed sample when the split is larger. */
  trainEvaluationSamples?: number;
  /** 'pytorch': a run python/backprop_lens recorded (Watch a PyTorch Run…): no spec, no engine weights (absent: a native run). */
  source?: 'pytorch';
}

/** What a PyTorch run cannot do (Explain, gradient check, export), in one sentence. */
export function pytorchRunCannot(what: string): string {
  return `This run came from PyTorch: ${what} needs the engine's own weights.`;
}

/** Loss at one training step (mini-batch loss). */
export interface StepPoint { step: number; loss: number }

export interface EpochMetrics {
  epoch: number;
  step: number;
  loss: number;
  accuracy: number | null;
  testLoss: number | null;
  testAccuracy: number | null;
  seconds: number;
}

/** One layer's view of the latest mini-batch, as sent to the monitor. */
export interface LayerSnapshotMessage {
  layer: number;
  units: number;
  batchSize: number;
  fanIn: number;
  /** δ^l (units × batch). */
  delta: Float32Array;
  /** σ'(z^l) (units × batch). */
  sigmaPrime: Float32Array;
  /** (W^{l+1})ᵀ δ^{l+1}, or ∇_a E at the output (units × batch). */
  upstream: Float32Array;
  /** ∂E/∂W^l (units × fanIn), only when requested (BP4 heatmap on demand). */
  dW?: Float32Array;
  /** Batch-mean δ^l_j (units). */
  deltaMean: Float32Array;
  /** ‖δ^l‖ over the batch (Frobenius norm divided by √batch). */
  deltaNorm: number;
  /** Share of units whose σ' is 0 on every sample of the batch (dead relu). */
  deadShare: number;
  /** Share of σ' entries below 0.01 (saturated sigmoid/tanh). */
  saturatedShare: number;
}

/** 2-D data sets: the network's output (class 1, or the single output) on a size × size grid over the input plane. */
export interface BoundaryGrid {
  xMin: number; xMax: number; yMin: number; yMax: number; size: number; values: Float32Array;
  /** Decoded from 16-bit codes (the webview, while training): values within max|v| / 65534, not exact. */
  coded?: true;
}

/** 2-D data sets: the points drawn over the boundary (sent once per run; a seeded subsample of large sets). */
export interface PlanePoints {
  /** (x₁, x₂) per point, interleaved. */
  xy: Float32Array;
  /** Class index (classification) or target (regression) per point. */
  targets: Float32Array;
  /** Points [0, trainCount) are training points, the rest test points. */
  trainCount: number;
}

/** Image inputs: rows of W^1 for the first units (units × fanIn, row-major), each a side × side image. */
export interface FirstLayerWeights { step: number; units: number; fanIn: number; side: number; values: Float32Array }

export interface Snapshot {
  step: number;
  epoch: number;
  layers: LayerSnapshotMessage[];
  /** Present on some snapshots of 2-D data sets (the host keeps the latest in MonitorState.boundary). */
  boundary?: BoundaryGrid;
  /** Present every few seconds for image inputs (the host keeps the latest in MonitorState.firstLayerWeights). */
  firstLayerWeights?: FirstLayerWeights;
  /** Why the network may not be learning, judged over this and the previous snapshots (engine/monitor/health.ts). */
  health?: HealthFinding[];
  /** Decoded from a CodedSnapshot (the webview): its matrices are within max|v| / 65534 of the engine's, not exact. */
  coded?: true;
}

/** A matrix at the precision a heatmap shows (src/matrixCodes.ts): value ≈ code · scale, |error| ≤ scale / 2 = max|v| / 65534. */
interface CodedMatrix { codes: Int16Array; scale: number }
/** A matrix as it travels to a monitor: 16-bit codes, or exact when it holds a value that is not finite. */
export type WireMatrix = Float32Array | CodedMatrix;

/** Monitor sections whose matrices travel only while they are on screen: the batch heatmaps, the boundary, weights and ∂E/∂W. */
export type MonitorSection = 'batch' | 'boundary' | 'weights';
export const MONITOR_SECTIONS: readonly MonitorSection[] = ['batch', 'boundary', 'weights'];

/** A layer of a live snapshot as a monitor gets it: the batch matrices coded, or null when the batch heatmaps are off screen. */
export interface CodedLayer extends Omit<LayerSnapshotMessage, 'delta' | 'sigmaPrime' | 'upstream' | 'dW'> {
  batch: { delta: WireMatrix; sigmaPrime: WireMatrix; upstream: WireMatrix } | null;
  dW?: WireMatrix;
}

/** A snapshot of a training run as a monitor gets it: only what is on screen, matrices coded (norms, shares, health exact). */
export interface CodedSnapshot extends Omit<Snapshot, 'layers' | 'boundary' | 'firstLayerWeights' | 'coded'> {
  layers: CodedLayer[];
  boundary?: Omit<BoundaryGrid, 'values' | 'coded'> & { values: WireMatrix };
  firstLayerWeights?: Omit<FirstLayerWeights, 'values'> & { values: WireMatrix };
}

/**
 * A δ frame: the matrices the δ views draw at one step (δ^l, σ′(z^l), (W^{l+1})ᵀδ^{l+1}; the boundary for 2-D data).
 * The same shape as a live Snapshot (layers without dW; no health, no weight images), so views draw either.
 */
export type Frame = Snapshot;

/** Frames kept at most: the most recent ones, and evenly spaced ones over the whole run. */
export const RECENT_FRAMES = 32;
export const SPREAD_FRAMES = 96;

/** One saved run in a comparison (Compare Runs…). */
export interface ComparedRun {
  /** The run folder (URI string) and its name, the legend's label. */
  folder: string;
  label: string;
  /** How its spec differs from the first run's, e.g. "layers[1].activation: sigmoid → relu" (empty for the first run). */
  specDiff: string[];
  info: RunInfo;
  state: RunState;
  record: RunRecord;
}

/** An entry's verdict (engine/check/gradcheck-report.ts): pass, noise (within the rounding noise ν of the numeric value), warn, fail. */
export type GradCheckVerdict = 'pass' | 'noise' | 'warn' | 'fail';
export interface GradCheckEntry { index: number[]; analytic: number; numeric: number; relError: number; kink: boolean; noiseFloor: number; verdict: GradCheckVerdict }
export interface GradCheckTensor {
  verdict: GradCheckVerdict;
  /** Over entries above the noise floor. */
  maxRelError: number;
  medianRelError: number;
  checked: number;
  kinks: number;
  atNoiseFloor: number;
  worst: GradCheckEntry[];
  entries: GradCheckEntry[];
}
interface GradCheckLayer { layer: number; weights: GradCheckTensor; biases: GradCheckTensor; delta: GradCheckTensor }
export interface GradCheckResult {
  step: number;
  passed: boolean;
  epsilon: number;
  samples: number;
  culpritLayer: number | null;
  layers: GradCheckLayer[];
}

/** Where and when the loss or δ first stopped being a finite number. */
export interface NonFiniteReport { step: number; layer: number | null; quantity: 'loss' | 'delta' | 'weights' }

export interface RunOptions {
  /** Send a δ snapshot every N steps. */
  snapshotEvery: number;
  /** Run a gradient check at the end of every epoch. */
  gradCheckEachEpoch: boolean;
  /** Include ∂E/∂W^l in snapshots. */
  includeWeightGradients: boolean;
  /** Start paused (step by step). */
  startPaused?: boolean;
  epochsOverride?: number;
  /** Byte budget: refuse networks or data sets that would need more. */
  memoryBudgetBytes?: number;
  /** Allow data paths outside the workspace folder. */
  allowDataOutsideWorkspace?: boolean;
  workspaceRoot?: string;
}

/**
 * Which number to explain: unit `unit` (0-based) of layer `layer` (1 = the first dense layer) for column `column` of
 * the last mini-batch (a δ cell), or for the whole batch when `column` is null (a ∂E/∂W cell); `input` is the k of
 * the weight W_jk whose update to show (omitted: the k of the largest |∂E/∂W_jk|). `finalWeights`: of an ended (or
 * saved) run, explain the mini-batch a copy of the run steps from the weights it ended with.
 */
export interface ExplainTarget { layer: number; unit: number; column: number | null; input?: number; finalWeights?: true }

/**
 * The answer to an explain request: the arithmetic of that unit for that sample (with the weights the batch was trained
 * on), or null with a sentence saying why not (a running run, a batch whose weights were not kept, a unit out of range).
 */
export interface ExplanationAnswer extends ExplainTarget {
  /** The step whose mini-batch is explained, and that column's sample N (0-based, file order: the CLI's `explain --sample N`). */
  step: number;
  sample: number | null;
  /** The δ cell's arithmetic for its sample (null for a ∂E/∂W cell, which has no one sample). */
  explanation: UnitExplanation | null;
  /** The same sample through the whole network (a, δ, W, ∂E_x/∂W per layer): the network diagram's data. */
  trace?: SampleTrace;
  /** The batch means of ∂E/∂b_j and ∂E/∂W_jk and the optimizer's update of both (absent when it could not explain). */
  training?: TrainingStepExplanation;
  error?: string;
}

// ---------- extension host -> worker ----------
export type HostToWorker =
  | { type: 'start'; runId: string; specPath: string; specText: string; options: RunOptions; initialModel?: unknown; files?: PreloadedFiles }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'step' }
  | { type: 'stop' }
  | { type: 'gradcheck' }
  | { type: 'setLearningRate'; learningRate: number }
  /** Switches ∂E/∂W^l in snapshots on or off for the running run (BP4 heatmap on demand). */
  | { type: 'setWeightGradients'; enabled: boolean }
  | { type: 'requestModel'; requestId: number }
  /** The δ frame nearest at or before `step` (answered with 'frame'). */
  | { type: 'requestFrame'; requestId: number; step: number }
  /** Explain one unit for one sample of the last mini-batch (answered with 'explanation'). */
  | ({ type: 'explain'; requestId: number } & ExplainTarget)
  /** Load the spec's data (off the host thread) and answer with all diagnostics, data-shape ones included. */
  | { type: 'probe'; requestId: number; specPath: string; specText: string; options: RunOptions; files?: PreloadedFiles };

/** The spec's data files read by the extension host (the browser build: the worker cannot read workspace files), keyed by the path as written. */
export type PreloadedFiles = Record<string, PreloadedFile>;

// ---------- worker -> extension host ----------
export type WorkerToHost =
  | { type: 'started'; info: RunInfo; points?: PlanePoints }
  | { type: 'state'; state: RunState }
  | { type: 'progress'; epoch: number; step: number; points: StepPoint[] }
  | { type: 'epoch'; metrics: EpochMetrics }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'gradcheck'; result: GradCheckResult }
  /** The whole record so far, replacing the previous one (about twice a second, and at pause and the end). */
  | { type: 'record'; record: RunRecord }
  | { type: 'frame'; requestId: number; frame: Frame | null }
  /** Every frame of the store, sent once just before 'finished' or 'failed' (the host keeps and saves them). */
  | { type: 'frames'; frames: Frame[] }
  | { type: 'model'; requestId: number; model: unknown }
  | ({ type: 'explanation'; requestId: number } & ExplanationAnswer)
  | { type: 'finished'; reason: 'completed' | 'stopped'; model: unknown; metrics: EpochMetrics[] }
  | { type: 'failed'; message: string; nonFinite?: NonFiniteReport }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'probeResult'; requestId: number; diagnostics: ProbeDiagnostic[] };

/** Worker messages for the host alone (answers to one request, logs, what the worker hands over at the end): the relay drops them, the run's monitor state ignores them. */
export const WORKER_MESSAGES_FOR_HOST_ONLY = ['frame', 'frames', 'model', 'explanation', 'log', 'probeResult'] as const satisfies readonly WorkerToHost['type'][];

type HostOnlyWorkerMessage = Extract<WorkerToHost, { type: (typeof WORKER_MESSAGES_FOR_HOST_ONLY)[number] }>;

/** True when `message` is one of WORKER_MESSAGES_FOR_HOST_ONLY. */
export function isForHostOnly(message: WorkerToHost): message is HostOnlyWorkerMessage {
  return (WORKER_MESSAGES_FOR_HOST_ONLY as readonly string[]).includes(message.type);
}

/** A spec diagnostic, data problems found by loading the data included (placed on the spec value they are about). */
export type ProbeDiagnostic = SpecDiagnostic;

// ---------- extension host -> webview ----------
export interface MonitorState {
  info: RunInfo | null;
  state: RunState | 'idle';
  losses: StepPoint[];
  epochs: EpochMetrics[];
  snapshot: Snapshot | null;
  /** Batch-mean δ per layer over time: deltaHistory[l-1] is a list of {step, mean}. */
  deltaHistory: { step: number; mean: Float32Array }[][];
  /** ‖δ^l‖ over time, per layer. */
  normHistory: { step: number; norms: number[] }[];
  gradChecks: GradCheckResult[];
  message: string | null;
  /** 2-D data sets: decision boundary grid (output of class 1 over the input plane) and the points. */
  boundary: BoundaryGrid | null;
  points?: PlanePoints | null;
  /** Image inputs: the latest first-layer weights. */
  firstLayerWeights?: FirstLayerWeights | null;
  /** The step-based record (null until the worker sends one). */
  record?: RunRecord | null;
  /** Set when the monitor replays a saved run (Open Run…): its folder (URI string); no worker, no controls. */
  savedRun?: string | null;
}

/** What a monitor says of a run that was training when VS Code restarted (the webview's kept view, the host's restored run). */
export const ENDED_BY_RESTART = 'This run ended when VS Code restarted; its last checkpoint is in its run folder, and Continue Training from a Saved Model… resumes from it.';

/** History bounds of a MonitorState, the host's and the webview's alike: long runs keep memory flat. */
export const MAX_LOSS_POINTS = 4000;
export const MAX_HISTORY_POINTS = 600;
export const MAX_GRAD_CHECKS = 50;
export const MAX_EPOCH_ROWS = 2000;

/** Every epoch row of a short run; `max` evenly spaced rows of a long one, the first and last included. */
export function boundedEpochRows(all: EpochMetrics[], max = MAX_EPOCH_ROWS): EpochMetrics[] {
  if (all.length <= max) return all;
  return Array.from({ length: max }, (_, i) => all[Math.round((i * (all.length - 1)) / (max - 1))]);
}

/** The state of a monitor with no run. */
export function emptyMonitorState(): MonitorState {
  return {
    info: null, state: 'idle', losses: [], epochs: [], snapshot: null, deltaHistory: [], normHistory: [],
    gradChecks: [], message: null, boundary: null, record: null, savedRun: null,
  };
}

export type HostToWebview =
  | { type: 'fullState'; state: MonitorState }
  | { type: 'started'; info: RunInfo; points?: PlanePoints }
  | { type: 'runState'; state: RunState; message?: string }
  | { type: 'progress'; points: StepPoint[] }
  | { type: 'epoch'; metrics: EpochMetrics }
  | { type: 'snapshot'; snapshot: Snapshot }
  /** A training run's snapshot cut to the sections on screen, its matrices coded (monitor/webviewCopy.ts); a paused or ended run's goes as 'snapshot'. */
  | { type: 'codedSnapshot'; snapshot: CodedSnapshot }
  | { type: 'gradcheck'; result: GradCheckResult }
  | { type: 'record'; record: RunRecord }
  /** What changed in the record since the one this webview holds (engine/record/delta.ts): the monitor's usual update. */
  | { type: 'recordDelta'; delta: RecordDelta }
  /** The answer to 'requestFrame': the frame nearest at or before `step` (null when there is none). */
  | { type: 'frame'; step: number; frame: Frame | null }
  /** The answer to the webview's 'explain'. */
  | ({ type: 'explanation' } & ExplanationAnswer)
  /** A link in the editor (the layer hover) asks the monitor to explain `target`: it opens its Explain pane on it. */
  | { type: 'explainRequested'; target: ExplainTarget }
  /** Compare Runs…: two or more saved runs, the first is the reference of every specDiff. */
  | { type: 'compare'; runs: ComparedRun[] };

/** What the monitor posts to a webview: a fullState, or one flush of coalesced updates in order. */
export type MonitorPost = HostToWebview | { type: 'batch'; messages: HostToWebview[] };

// ---------- webview -> extension host ----------
export type ControlAction = 'pause' | 'resume' | 'step' | 'stop' | 'restart' | 'gradcheck' | 'train';
export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'control'; action: ControlAction }
  | { type: 'setLearningRate'; learningRate: number }
  | { type: 'revealLayer'; layer: number }
  | { type: 'setWeightGradients'; enabled: boolean }
  /** The step slider moved: the host answers with 'frame'. */
  | { type: 'requestFrame'; step: number }
  /** The sections now on screen (scrolled into view): the host sends their matrices, the latest at once. */
  | { type: 'visibleSections'; sections: MonitorSection[] }
  /** A δ heatmap cell was clicked: explain unit `unit` of layer `layer` for the batch's column `column` (the host answers with 'explanation'). */
  | ({ type: 'explain' } & ExplainTarget);

/** Benchmark side channel: a webview opened in bench mode posts its rAF frame rate every few seconds. */
export interface FrameStatsMessage {
  type: 'frameStats';
  /** Frames per second over the last interval. */
  fps: number;
  /** Frames counted in the interval. */
  frames: number;
  /** Frames that took longer than 50 ms (janky). */
  longFrames: number;
  /** Length of the interval in ms. */
  intervalMs: number;
}

/** Sent by a webview once it has drawn a fullState: proves the round trip (integration tests, logs). */
export interface StateAckMessage {
  type: 'stateAck';
  /** The run state the webview now shows. */
  runState: string;
  /** How many loss points and layers it holds. */
  lossPoints: number;
  layers: number;
  /** Whether the snapshot's δ arrived as a Float32Array (null without a snapshot): binary transfer works. */
  float32: boolean | null;
}
