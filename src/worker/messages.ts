/** Engine results → protocol messages: run info, δ snapshots (Float32Array), gradient-check results. */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { Dataset } from '../engine/data/dataset';
import type { GradCheckReport, TensorCheck } from '../engine/check/gradcheck';
import { summarizeLayer, type LayerSummary } from '../engine/monitor/layer-summaries';
import type { LayerHealth } from '../engine/monitor/health';
import { LineIndex } from '../engine/spec/diagnostics';
import { DEFAULTS, type DenseLayerSpec, type NetworkSpec } from '../engine/spec/types';
import { trainerUsed, type ChosenTrainer } from '../engine/train/run';
import type { LayerSnapshot } from '../engine/train/training-types';
import type { GradCheckResult, GradCheckTensor, LayerSnapshotMessage, RunInfo, Snapshot, StepPoint } from '../protocol';

/** 0-based line of each `layers[i]` object in the spec text (undefined when it cannot be found). */
function layerLines(specText: string, count: number): (number | undefined)[] {
  const tree = parseTree(specText, [], { allowTrailingComma: true });
  const lines = new LineIndex(specText);
  return Array.from({ length: count }, (_, i) => {
    const node = tree ? findNodeAtLocation(tree, ['layers', i]) : undefined;
    return node ? lines.positionAt(node.offset).line : undefined;
  });
}

/** What the run's info says about how it trains: the trainer really used, why not the fast one, the evaluated sample. */
export interface RunSetup { chosen: ChosenTrainer; trainEvaluationSamples: number; threadsLimit?: RunInfo['threadsLimit'] }

export function runInfo(runId: string, specPath: string, specText: string, spec: NetworkSpec, data: Dataset, setup: RunSetup): RunInfo {
  const trainer = setup.chosen.trainer;
  const used = trainerUsed(trainer);
  const lines = layerLines(specText, spec.layers.length);
  const dense = spec.layers.slice(1) as DenseLayerSpec[];
  return {
    runId, specPath, name: spec.name ?? specPath.split(/[\\/]/).pop()!.replace(/\.nn\.json$/i, ''),
    task: data.task, classNames: data.classNames, inputSize: data.inputSize,
    layers: dense.map((l, i) => ({ layer: i + 1, units: l.units, activation: l.activation, fanIn: spec.layers[i].units, specLine: lines[i + 1] })),
    loss: spec.loss,
    epochs: spec.training.epochs, stepsPerEpoch: trainer.stepsPerEpoch,
    batchSize: Math.max(1, Math.min(spec.training.batchSize, data.train.count)),
    learningRate: spec.optimizer.learningRate, trainCount: data.train.count, testCount: data.test.count,
    precision: used.precision, seed: spec.seed ?? DEFAULTS.seed,
    trainer: used.trainer, threads: used.threads, ...(setup.threadsLimit && used.trainer === 'fast' ? { threadsLimit: setup.threadsLimit } : {}), trainerFallback: setup.chosen.fallback, trainEvaluationSamples: setup.trainEvaluationSamples,
  };
}

/** What the monitor shows of a layer's δ besides its matrices (summarizeLayer's figures). */
type DeltaSummary = Pick<LayerSummary, 'deltaNorm' | 'deadShare' | 'saturatedShare'> & { deltaMean: ArrayLike<number> };

/** One layer's snapshot as sent to the host: Float32Array copies plus the monitor's summaries (computed unless given). */
function layerMessage(s: LayerSnapshot, includeWeightGradients: boolean, summary: DeltaSummary = summarizeLayer(s)): LayerSnapshotMessage {
  return {
    layer: s.layer, units: s.units, batchSize: s.batchSize, fanIn: s.fanIn,
    delta: Float32Array.from(s.delta), sigmaPrime: Float32Array.from(s.sigmaPrime), upstream: Float32Array.from(s.upstream),
    ...(includeWeightGradients ? { dW: Float32Array.from(s.dW) } : {}),
    deltaMean: Float32Array.from(summary.deltaMean), deltaNorm: summary.deltaNorm,
    deadShare: summary.deadShare, saturatedShare: summary.saturatedShare,
  };
}

/** What the health rules read of a snapshot message (the activations come from the run's info). */
export function snapshotHealth(info: RunInfo, snapshot: Snapshot): LayerHealth[] {
  return snapshot.layers.map((l, i) => ({ activation: info.layers[i].activation, deadShare: l.deadShare, saturatedShare: l.saturatedShare, deltaNorm: l.deltaNorm }));
}

export function snapshotMessage(layers: LayerSnapshot[], step: number, epoch: number, includeWeightGradients: boolean, summaries?: DeltaSummary[]): Snapshot {
  return { step, epoch, layers: layers.map((l, i) => layerMessage(l, includeWeightGradients, summaries?.[i])) };
}

/** The buffers of a snapshot, to transfer instead of copy. */
export function snapshotTransferList(snapshot: Snapshot): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const l of snapshot.layers) {
    for (const array of [l.delta, l.sigmaPrime, l.upstream, l.dW, l.deltaMean]) if (array) buffers.push(array.buffer as ArrayBuffer);
  }
  if (snapshot.boundary) buffers.push(snapshot.boundary.values.buffer as ArrayBuffer);
  if (snapshot.firstLayerWeights) buffers.push(snapshot.firstLayerWeights.values.buffer as ArrayBuffer);
  return buffers;
}

function tensorMessage(t: TensorCheck): GradCheckTensor {
  const entry = (e: TensorCheck['entries'][number]) => ({
    index: e.index, analytic: e.analytic, numeric: e.numeric, relError: e.relError ?? 0, kink: e.kink, noiseFloor: e.noiseFloor, verdict: e.verdict ?? 'fail',
  });
  return {
    verdict: t.verdict, maxRelError: t.maxRelError, medianRelError: t.medianRelError, checked: t.checked, kinks: t.kinks, atNoiseFloor: t.atNoiseFloor,
    worst: t.worst.map(entry), entries: t.entries.map(entry),
  };
}

export function gradCheckMessage(report: GradCheckReport, step: number): GradCheckResult {
  return {
    step, passed: report.passed, epsilon: report.epsilon, samples: report.samples, culpritLayer: report.culpritLayer,
    layers: report.layers.map((l) => ({ layer: l.layer, weights: tensorMessage(l.weights), biases: tensorMessage(l.biases), delta: tensorMessage(l.delta) })),
  };
}

/** `points` unchanged when few; else consecutive buckets, each reported at its last step with its mean loss. */
export function bucketMeans(points: StepPoint[], max: number): StepPoint[] {
  if (points.length <= max) return points;
  const size = Math.ceil(points.length / max);
  const out: StepPoint[] = [];
  for (let start = 0; start < points.length; start += size) {
    const bucket = points.slice(start, start + size);
    out.push({ step: bucket[bucket.length - 1].step, loss: bucket.reduce((sum, p) => sum + p.loss, 0) / bucket.length });
  }
  return out;
}
