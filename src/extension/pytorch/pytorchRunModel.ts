/**
 * A PyTorch run folder as the monitor's own shapes: record.jsonl rows and frames.bin frames (engine/record/pytorch-tail)
 * become the RunRecord, loss points, ‖δ^l‖ history, δ frames (Snapshot-shaped) and health findings a native run gives,
 * so the same monitor, Open Run… and Compare Runs… show it. Pure: no file access, no vscode.
 */
import { appendSampled, emptyMonitorState } from '../session/monitorState';
import { MAX_HISTORY_POINTS, MAX_LOSS_POINTS, type Frame, type LayerInfo, type LayerSnapshotMessage, type MonitorState, type RunInfo, type StepPoint } from '../../protocol';
import { RunRecorder } from '../../engine/record/recorder';
import { HealthWindow } from '../../engine/monitor/health';
import type { ActivationName } from '../../engine/spec/types';
import { PYTORCH_LAYER_SERIES, type PytorchStepRow } from '../../engine/record/pytorch-run';
import type { PytorchFrame } from '../../engine/record/pytorch-tail';

/** lens.json's layer: name in the model, units, fan-in, the activation after it ("unknown" when it is not a known module). */
export interface PytorchLayer { name: string; units: number; fanIn: number; activation: string }

const ACTIVATIONS: readonly string[] = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'linear', 'softmax'];

/** The RunInfo of a PyTorch run: no spec, epochs or learning rate the extension knows; `source` says where it came from. */
export function pytorchRunInfo(folderName: string, folderPath: string, layers: readonly PytorchLayer[]): RunInfo {
  const layerInfo: LayerInfo[] = layers.map((l, i) => ({
    layer: i + 1, units: l.units, fanIn: l.fanIn, activation: (ACTIVATIONS.includes(l.activation) ? l.activation : 'linear') as ActivationName,
  }));
  return {
    runId: `pytorch-${folderName}`, specPath: folderPath, name: `${folderName} (PyTorch)`, task: 'classification', classNames: null,
    inputSize: layers[0]?.fanIn ?? 0, layers: layerInfo, epochs: 0, stepsPerEpoch: 0, batchSize: 0, learningRate: 0, trainCount: 0,
    testCount: 0, precision: 'float32', seed: 0, source: 'pytorch',
  };
}

const valueOr = (v: number | null | undefined): number => (typeof v === 'number' ? v : NaN);

/** The step's rows, frames and record of one PyTorch run folder, growing as the tails read more of it. */
export class PytorchRunModel {
  readonly state: MonitorState;
  /** δ frames in step order (the step slider's stops). */
  readonly frames: Frame[] = [];
  private readonly recorder: RunRecorder;
  private readonly health = new HealthWindow();
  /** Frames whose step's record line was not read yet (frames.bin is read before record.jsonl). */
  private readonly pendingFrames = new Map<number, PytorchFrame>();

  constructor(readonly info: RunInfo) {
    this.recorder = new RunRecorder(info.layers.map((l) => l.units));
    this.state = { ...emptyMonitorState(), info, state: 'running', deltaHistory: info.layers.map(() => []), record: this.recorder.toRecord(1, []) };
  }

  /** Frames read from frames.bin; each becomes a Frame once its step's record line is read. */
  addFrames(frames: readonly PytorchFrame[]): void {
    for (const frame of frames) this.pendingFrames.set(frame.step, frame);
  }

  /** Record lines read from record.jsonl, in step order; returns the new loss points (the monitor's 'progress'). */
  addRows(rows: readonly PytorchStepRow[]): StepPoint[] {
    const points: StepPoint[] = [];
    for (const row of rows) {
      if (row.loss !== null) {
        this.recorder.addLoss(row.step, row.loss);
        points.push({ step: row.step, loss: row.loss });
        appendSampled(this.state.losses, { step: row.step, loss: row.loss }, MAX_LOSS_POINTS);
      }
      this.addLayers(row);
      this.health.add(this.info.layers.map((l, i) => ({ activation: l.activation, deadShare: valueOr(row.values.deadShare[i]), saturatedShare: valueOr(row.values.saturatedShare[i]), deltaNorm: valueOr(row.values.deltaNorm[i]) })));
      const frame = this.pendingFrames.get(row.step);
      if (frame) {
        this.pendingFrames.delete(row.step);
        this.frames.push(this.toFrame(frame, row));
      }
    }
    if (rows.length) this.refreshState();
    return points;
  }

  /** The run ended (its end line was read, or it is read whole after the script died). */
  end(state: 'finished' | 'stopped', message: string | null = null): void {
    this.state.state = state;
    this.state.message = message;
  }

  private addLayers(row: PytorchStepRow): void {
    this.info.layers.forEach((_, i) => {
      const values: Partial<Record<(typeof PYTORCH_LAYER_SERIES)[number], number>> = {};
      for (const key of PYTORCH_LAYER_SERIES) if (row.values[key][i] !== null) values[key] = row.values[key][i]!;
      this.recorder.addLayerValues(row.step, i, values, row.deltaMean?.[i] ?? undefined, row.deltaMeanSteps);
      const mean = row.deltaMean?.[i];
      if (mean) appendSampled(this.state.deltaHistory[i], { step: row.step, mean: Float32Array.from(mean) }, MAX_HISTORY_POINTS);
    });
    appendSampled(this.state.normHistory, { step: row.step, norms: row.values.deltaNorm.map(valueOr) }, MAX_HISTORY_POINTS);
  }

  /** A frame in the Snapshot shape: δ (units × rows) from frames.bin; σ′ and the upstream factor are not recorded (NaN). */
  private toFrame(frame: PytorchFrame, row: PytorchStepRow): Frame {
    const layers = this.info.layers.map((info, i): LayerSnapshotMessage => {
      const part = frame.layers.find((l) => l.layer === i);
      const rows = part?.rows ?? 0, units = info.units;
      const delta = new Float32Array(units * rows);
      if (part) for (let r = 0; r < rows; r++) for (let j = 0; j < units; j++) delta[j * rows + r] = part.values[r * part.units + j];
      const unknown = new Float32Array(units * rows).fill(NaN);
      return {
        layer: i + 1, units, batchSize: rows, fanIn: info.fanIn, delta, sigmaPrime: unknown, upstream: unknown.slice(),
        deltaMean: Float32Array.from(row.deltaMean?.[i] ?? columnMeans(delta, units, rows)), deltaNorm: valueOr(row.values.deltaNorm[i]),
        deadShare: valueOr(row.values.deadShare[i]), saturatedShare: valueOr(row.values.saturatedShare[i]),
      };
    });
    return { step: frame.step, epoch: 0, layers };
  }

  /** The record, the latest frame as the snapshot (with the health findings of the latest steps). */
  private refreshState(): void {
    const latest = this.frames.at(-1);
    this.state.snapshot = latest ? { ...latest, health: this.health.findings() } : null;
    this.state.record = this.recorder.toRecord(1, this.frames.map((f) => f.step));
  }
}

/** Per unit the mean over the rows of a units × rows matrix. */
function columnMeans(values: Float32Array, units: number, rows: number): number[] {
  return Array.from({ length: units }, (_, j) => {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += values[j * rows + r];
    return rows ? sum / rows : NaN;
  });
}
