/**
 * The worker's step-based record of a run (engine/record/): the loss of every step, per-layer quantities and δ frames
 * at the record's cadence (RecordCadence: ≥ 1,000 captures per planned run while they cost ≤ 0.5 s in all, else
 * within 2 % of training time, never under 100; costs modelled from the shapes, not timed, so a busy machine records
 * the same steps), epoch rows; the weight norms are read in place (holdWeights, weightNorms). The training loop calls
 * trainStep instead of trainer.trainStep, endEpoch, and posts message().
 */
import type { Dataset } from '../engine/data/dataset';
import { decisionBoundary, firstNonFiniteLayer } from '../engine/monitor/layer-summaries';
import { FrameStore, RecordCadence } from '../engine/record/cadence';
import { recordCosts } from '../engine/record/capture-cost';
import { layerSteps, RunRecorder, type EpochValues } from '../engine/record/recorder';
import type { StepResult, Trainer } from '../engine/train/training-types';
import { RECENT_FRAMES, SPREAD_FRAMES, type Frame, type RunInfo, type RunRecord } from '../protocol';
import { snapshotMessage } from './messages';

/** Frames kept at most this many bytes (fewer frames for big layers and batches). */
export const FRAME_BYTES_MAX = 24 * 2 ** 20;

export class RunRecording {
  private readonly recorder: RunRecorder;
  private readonly cadence: RecordCadence;
  private readonly frames: FrameStore<Frame>;

  constructor(info: RunInfo, private readonly dataset: Dataset) {
    const planned = info.epochs * info.stepsPerEpoch;
    this.recorder = new RunRecorder(info.layers.map((l) => l.units));
    this.cadence = new RecordCadence(planned, recordCosts({
      inputSize: info.inputSize, units: info.layers.map((l) => l.units), batchSize: info.batchSize,
      trainer: info.trainer ?? 'fast', precision: info.precision, threads: info.threads ?? 1,
    }));
    const frameBytes = info.layers.reduce((sum, l) => sum + 12 * l.units * info.batchSize + 4 * l.units, 0) + (info.inputSize === 2 ? 4 * 48 * 48 : 0);
    const scale = Math.min(1, FRAME_BYTES_MAX / (frameBytes * (RECENT_FRAMES + SPREAD_FRAMES)));
    this.frames = new FrameStore(Math.max(2, Math.floor(RECENT_FRAMES * scale)), Math.max(2, Math.floor(SPREAD_FRAMES * scale)), planned);
  }

  /** trainer.trainStep(), recording its loss, and at the cadence its layers and a frame. */
  trainStep(trainer: Trainer): StepResult {
    const due = this.cadence.due(trainer.step + 1);
    if (due) trainer.holdWeights();
    const result = trainer.trainStep();
    this.recorder.addLoss(result.step, result.loss);
    if (due && Number.isFinite(result.loss)) this.capture(trainer, result);
    return result;
  }

  /** The layers' record entries and a frame of the step just trained (skipped when δ is not finite: the loop reports it). */
  private capture(trainer: Trainer, result: StepResult): void {
    const snapshot = trainer.snapshot();
    if (firstNonFiniteLayer(snapshot) !== null) return;
    const steps = layerSteps(snapshot, trainer.weightNorms());
    this.recorder.addLayers(result.step, steps);
    const frame = snapshotMessage(snapshot, result.step, trainer.epoch, false, steps);
    if (this.dataset.inputSize === 2 && (this.frames.wantsSpread(result.step) || this.cadence.boundaryDue(result.step))) {
      frame.boundary = decisionBoundary(this.dataset, trainer.parameters()) ?? undefined;
    }
    this.frames.add(frame);
  }

  endEpoch(epoch: number, values: EpochValues): void { this.recorder.addEpoch(epoch, values); }

  /** The record so far (a copy: its buffers may be transferred). */
  message(): RunRecord { return this.recorder.toRecord(this.cadence.stride, this.frames.steps()); }

  /** The kept frame nearest at or before `step`, as a copy that may be transferred. */
  frameAt(step: number): Frame | null {
    const frame = this.frames.at(step);
    return frame && copyFrame(frame);
  }

  /** Every kept frame (ascending), handed over at the end of the run. */
  allFrames(): Frame[] { return this.frames.all(); }
}

function copyFrame(frame: Frame): Frame {
  return {
    ...frame,
    layers: frame.layers.map((l) => ({ ...l, delta: l.delta.slice(), sigmaPrime: l.sigmaPrime.slice(), upstream: l.upstream.slice(), deltaMean: l.deltaMean.slice() })),
    ...(frame.boundary ? { boundary: { ...frame.boundary, values: frame.boundary.values.slice() } } : {}),
  };
}

/** The buffers of a record message, to transfer instead of copy. */
export function recordTransferList(record: RunRecord): ArrayBuffer[] {
  const series = [record.loss, ...Object.values(record.epochs), ...record.layers.flatMap((l) => [l.deltaNorm, l.deadShare, l.saturatedShare, l.gradNorm, l.weightNorm, l.updateRatio])];
  const buffers = series.flatMap((s) => [s.first, s.last, s.count, s.mean, s.min, s.max].map((a) => a.buffer as ArrayBuffer));
  for (const l of record.layers) buffers.push(l.deltaMap.last.buffer as ArrayBuffer, l.deltaMap.values.buffer as ArrayBuffer);
  return buffers;
}
