/**
 * The worker's cooperative training loop: trains, and evaluates at each epoch's end, in ~20 ms chunks and yields
 * (the platform's defer: setImmediate in Node) in between, so pause, step, stop and gradient-check messages are handled within one chunk.
 */
import { toModelJson } from '../engine/model/model';
import { decisionBoundary, firstNonFiniteLayer } from '../engine/monitor/layer-summaries';
import { diagnoseDivergence } from '../engine/monitor/divergence';
import type { HealthFinding } from '../engine/monitor/health';
import { checkGradients } from '../engine/train/run';
import { assertNever, boundedEpochRows, MAX_EPOCH_ROWS, runHasEnded, type EpochMetrics, type HostToWorker, type NonFiniteReport, type Snapshot, type WorkerToHost } from '../protocol';
import { createActiveRun, StartError, type ActiveRun, type StartRequest } from './activeRun';
import { bucketMeans, gradCheckMessage, snapshotHealth, snapshotMessage, snapshotTransferList } from './messages';
import { firstLayerWeights, imageSide, WEIGHT_IMAGES_EVERY_MS } from './firstLayerWeights';
import { planePoints } from './planePoints';
import type { WorkerPlatform } from './platform';
import { RunRecording, recordTransferList } from './recording';
import { PendingEvaluation } from './epochEvaluation';
import { explainLastBatch, weightsBeforeStep, type BatchWeights } from './explainRequest';

export interface Port { post(message: WorkerToHost, transfer?: ArrayBuffer[]): void }

const CHUNK_MS = 20;
/** Decision-boundary grids (2-D data) at most this often. */
const BOUNDARY_EVERY_MS = 250;
/** δ snapshots at most this often while running (the monitor is updated 10 times a second); every step when stepping. */
export const MIN_SNAPSHOT_MS = 100;
/** Loss points and the latest epoch row go to the host at most this often while running (always at pause and end). */
export const PROGRESS_EVERY_MS = 100;
/** Loss points per progress message at most: a fast chunk's steps are averaged in buckets beyond this. */
export const MAX_POINTS_PER_POST = 64;
/** The record is posted at most this often while running (and at pause and at the end). */
const RECORD_EVERY_MS = 500;

export class TrainingLoop {
  private run: ActiveRun | null = null;
  private scheduled = false;
  private lastSnapshotAt = -Infinity;
  private lastWeightImagesAt = -Infinity;
  /** The latest epoch row not yet posted: fast runs end hundreds of epochs a second, the host hears ≤ 1 per chunk. */
  private pendingEpoch: EpochMetrics | null = null;
  /** The step-based record and δ frames of the run (worker/recording.ts). */
  private recording: RunRecording | null = null;
  private lastRecordAt = -Infinity;
  private lastProgressAt = -Infinity;
  /** The end-of-epoch evaluation in progress: training waits for it, messages do not. */
  private evaluating: PendingEvaluation | null = null;
  /** The weights and samples of the last mini-batch stepped while paused: what 'explain' needs. */
  private steppedBatch: BatchWeights | null = null;

  /** `defer` runs the next chunk after pending messages (the platform's; tests pass their own to count yields). */
  constructor(private readonly port: Port, private readonly now: () => number, private readonly defer: (next: () => void) => void,
    private readonly platform: WorkerPlatform) {}

  handle(message: HostToWorker): void {
    try {
      this.dispatch(message);
    } catch (error) {
      if (this.run && !this.isOver(this.run)) this.fail(this.run, `Training failed: ${(error as Error).message}`);
      else this.port.post({ type: 'log', level: 'error', message: `${message.type}: ${(error as Error).message}` });
    }
  }

  private dispatch(message: HostToWorker): void {
    const run = this.run;
    switch (message.type) {
      case 'start': return this.start(message);
      case 'probe': return this.port.post({ type: 'probeResult', requestId: message.requestId, diagnostics: this.platform.probe(message.specPath, message.specText, message.options, message.files) });
      case 'pause': if (run?.state === 'running') this.pause(run); return;
      case 'resume': if (run?.state === 'paused') this.setState(run, 'running'); return;
      case 'step': if (run?.state === 'paused') this.stepOnce(run); return;
      case 'stop': if (run && !this.isOver(run)) this.finish(run, 'stopped'); return;
      case 'gradcheck': if (run && run.state !== 'failed') this.gradientCheck(run); return;
      case 'setLearningRate':
        if (run) run.trainer.setLearningRate(message.learningRate);
        return this.port.post({ type: 'log', level: 'info', message: `learning rate set to ${message.learningRate}` });
      case 'setWeightGradients':
        if (run) this.setWeightGradients(run, message.enabled);
        return;
      case 'requestFrame':
        return this.postFrame(message.requestId, message.step);
      case 'requestModel':
        if (run) this.port.post({ type: 'model', requestId: message.requestId, model: this.model(run) });
        return;
      case 'explain': {
        const { type: _type, requestId, ...target } = message;
        const answer = run ? explainLastBatch(run, this.steppedBatch, target) : { ...target, step: 0, sample: null, explanation: null, error: 'No run to explain.' };
        return this.port.post({ type: 'explanation', requestId, ...answer });
      }
      default: return assertNever(message);
    }
  }

  private start(request: StartRequest): void {
    if (this.run) return this.port.post({ type: 'log', level: 'warn', message: 'this worker already has a run; start ignored' });
    this.port.post({ type: 'state', state: 'starting' });
    try {
      this.run = createActiveRun(request, this.now(), this.platform);
    } catch (error) {
      if (!(error instanceof StartError)) throw error;
      return this.port.post({ type: 'failed', message: error.message });
    }
    this.recording = new RunRecording(this.run.info, this.run.dataset);
    for (const warning of this.run.warnings) this.port.post({ type: 'log', level: 'warn', message: warning });
    const points = planePoints(this.run.dataset, this.run.info.seed);
    if (points) this.port.post({ type: 'started', info: this.run.info, points }, [points.xy.buffer as ArrayBuffer, points.targets.buffer as ArrayBuffer]);
    else this.port.post({ type: 'started', info: this.run.info });
    this.setState(this.run, this.run.state);
  }

  private setState(run: ActiveRun, state: ActiveRun['state']): void {
    run.state = state;
    this.port.post({ type: 'state', state });
    if (state === 'running') this.schedule();
  }

  private isOver(run: ActiveRun): boolean {
    return runHasEnded(run.state);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.defer(() => this.tick());
  }

  /** One chunk: evaluate (paused or not) and train until CHUNK_MS has passed or the run stops running, then post progress and yield. */
  private tick(): void {
    this.scheduled = false;
    const run = this.run;
    if (!run || this.isOver(run)) return;
    const deadline = this.now() + CHUNK_MS;
    try {
      do {
        if (this.evaluating) this.evaluateUntil(run, deadline);
        if (this.evaluating || run.state !== 'running') break;
      } while (this.trainOne(run) && this.now() < deadline);
    } catch (error) {
      return this.fail(run, `Training failed at step ${run.trainer.step}: ${(error as Error).message}`);
    }
    if (run.state !== 'running' || this.now() - this.lastProgressAt >= PROGRESS_EVERY_MS) this.flushProgress(run);
    if (run.state === 'running' || (this.evaluating && !this.isOver(run))) this.schedule();
  }

  /** Advances the epoch's evaluation until `deadline`; once done, its row is recorded (and a last epoch ends the run). */
  private evaluateUntil(run: ActiveRun, deadline: number): void {
    const metrics = this.evaluating!.advanceUntil(deadline, this.now);
    if (!metrics) return;
    this.evaluating = null;
    this.endEpoch(run, metrics);
  }

  /** Trains one mini-batch; false when the run ended with it (finished or failed). Snapshots when due, if allowed. */
  private trainOne(run: ActiveRun, snapshots = true): boolean {
    run.watch.beforeStep(run.trainer);
    const result = this.recording ? this.recording.trainStep(run.trainer) : run.trainer.trainStep();
    run.watch.afterStep(result.loss);
    run.points.push({ step: result.step, loss: result.loss });
    if (!Number.isFinite(result.loss)) return this.failNonFinite(run, result.step, 'loss');
    const snapshotDue = snapshots && result.step % Math.max(1, run.options.snapshotEvery) === 0 && this.now() - this.lastSnapshotAt >= MIN_SNAPSHOT_MS;
    if (snapshotDue && !this.postSnapshot(run)) return false;
    if (result.epochEnd) this.evaluating = new PendingEvaluation(run);
    return true;
  }

  /** One mini-batch while paused: its loss point first, then its snapshot (the host sees them in that order). */
  private stepOnce(run: ActiveRun): void {
    if (this.evaluating) {
      this.evaluateUntil(run, Infinity);
      this.flushProgress(run);
    }
    if (this.isOver(run)) return;
    const before = weightsBeforeStep(run);
    if (!this.trainOne(run, false)) return;
    this.steppedBatch = { ...before, samples: run.trainer.lastBatchSamples() };
    this.flushProgress(run);
    if (run.lastSnapshotStep !== run.trainer.step) this.postSnapshot(run);
    if (this.evaluating) this.schedule();
  }

  private pause(run: ActiveRun): void {
    this.flushProgress(run);
    this.setState(run, 'paused');
    this.postRecord();
    if (run.lastSnapshotStep !== run.trainer.step && run.trainer.step > 0) this.postSnapshot(run);
  }

  /** The epoch's evaluated row: recorded, posted with the next progress, and the run completes after its last epoch. */
  private endEpoch(run: ActiveRun, metrics: EpochMetrics): void {
    run.metrics.push(metrics);
    if (run.metrics.length >= 2 * MAX_EPOCH_ROWS) run.metrics = boundedEpochRows(run.metrics); // flat memory, a quick 'finished'
    this.recording?.endEpoch(metrics.epoch, metrics);
    this.pendingEpoch = metrics;
    if (run.options.gradCheckEachEpoch) this.gradientCheck(run);
    if (metrics.epoch >= run.spec.training.epochs) this.finish(run, 'completed');
  }

  /** Posts the last mini-batch's δ snapshot; false (and the run fails) when δ or z holds NaN/Inf. */
  private postSnapshot(run: ActiveRun): boolean {
    const layers = run.trainer.snapshot();
    const badLayer = firstNonFiniteLayer(layers);
    if (badLayer !== null) return this.failNonFinite(run, run.trainer.step, 'delta', badLayer);
    const snapshot = snapshotMessage(layers, run.trainer.step, run.trainer.epoch, run.options.includeWeightGradients);
    if (run.dataset.inputSize === 2 && this.now() - run.lastBoundaryAt >= BOUNDARY_EVERY_MS) {
      snapshot.boundary = decisionBoundary(run.dataset, run.trainer.parameters()) ?? undefined;
      run.lastBoundaryAt = this.now();
    }
    this.attachWeightImages(run, snapshot);
    snapshot.health = this.healthOf(run, snapshot);
    run.lastSnapshotStep = run.trainer.step;
    this.lastSnapshotAt = this.now();
    this.port.post({ type: 'snapshot', snapshot }, snapshotTransferList(snapshot));
    return true;
  }

  /** Health findings over the last snapshots, this one included (a re-sent snapshot of the same step counts once). */
  private healthOf(run: ActiveRun, snapshot: Snapshot): HealthFinding[] {
    if (run.lastSnapshotStep !== snapshot.step) run.healthWindow.add(snapshotHealth(run.info, snapshot));
    return run.healthWindow.findings();
  }

  /** Image inputs: W^1's first rows every few seconds while running, on every snapshot when paused or stepping. */
  private attachWeightImages(run: ActiveRun, snapshot: Snapshot): void {
    if (imageSide(run.dataset.inputSize) === null) return;
    if (run.state === 'running' && this.now() - this.lastWeightImagesAt < WEIGHT_IMAGES_EVERY_MS) return;
    snapshot.firstLayerWeights = firstLayerWeights(run.trainer.parameters(), run.trainer.step) ?? undefined;
    this.lastWeightImagesAt = this.now();
  }

  /** ∂E/∂W on or off from the next snapshot; a paused run re-sends its current one so the heatmap appears at once. */
  private setWeightGradients(run: ActiveRun, enabled: boolean): void {
    run.options = { ...run.options, includeWeightGradients: enabled };
    if (run.state === 'paused' && run.trainer.step > 0) this.postSnapshot(run);
  }

  private gradientCheck(run: ActiveRun): void {
    const report = checkGradients(run.spec, run.dataset, run.trainer.parameters());
    this.port.post({ type: 'gradcheck', result: gradCheckMessage(report, run.trainer.step) });
  }

  /** Posts the loss points since the last flush (bucket means when there are many), then the latest epoch row. */
  private flushProgress(run: ActiveRun): void {
    this.lastProgressAt = this.now();
    if (run.points.length > 0) {
      this.port.post({ type: 'progress', epoch: run.trainer.epoch, step: run.trainer.step, points: bucketMeans(run.points, MAX_POINTS_PER_POST) });
      run.points = [];
    }
    if (this.pendingEpoch) this.port.post({ type: 'epoch', metrics: this.pendingEpoch });
    this.pendingEpoch = null;
    if (run.state !== 'running' || this.now() - this.lastRecordAt >= RECORD_EVERY_MS) this.postRecord();
  }

  /** Posts the whole record so far (it replaces the previous one at the host). */
  private postRecord(): void {
    if (!this.recording) return;
    const record = this.recording.message();
    this.lastRecordAt = this.now();
    this.port.post({ type: 'record', record }, recordTransferList(record));
  }

  /** Answers a frame request: the kept frame nearest at or before `step`. */
  private postFrame(requestId: number, step: number): void {
    const frame = this.recording?.frameAt(step) ?? null;
    this.port.post({ type: 'frame', requestId, frame }, frame ? snapshotTransferList(frame) : []);
  }

  /** Hands every kept frame to the host once, as the run ends (the host keeps and saves them). */
  private postAllFrames(): void {
    if (this.recording) this.port.post({ type: 'frames', frames: this.recording.allFrames() });
  }

  private model(run: ActiveRun): unknown {
    return toModelJson(run.info.name, run.spec.loss, run.trainer.parameters(), run.dataset, run.trainer.step);
  }

  /** Ends the run; a stop during an epoch's evaluation drops that evaluation (the epoch has no row). */
  private finish(run: ActiveRun, reason: 'completed' | 'stopped'): void {
    this.evaluating = null;
    this.flushProgress(run);
    run.state = reason === 'completed' ? 'finished' : 'stopped';
    this.postRecord();
    this.postAllFrames();
    this.port.post({ type: 'finished', reason, model: this.model(run), metrics: boundedEpochRows(run.metrics) });
    run.trainer.dispose();
  }

  /** Stops the run naming the step and the layer where the loss or δ first stopped being finite. */
  private failNonFinite(run: ActiveRun, step: number, quantity: NonFiniteReport['quantity'], layer: number | null = null): false {
    const found = layer ?? firstNonFiniteLayer(run.trainer.snapshot());
    const where = found ?? run.info.layers.length;
    const line = run.info.layers[where - 1]?.specLine;
    const place = `layer ${where} (layers[${where}]${line === undefined ? '' : `, line ${line + 1} of the spec`})`;
    const what = found === null ? `the loss overflowed at the output, ${place}` : `δ first became non-finite in ${place}`;
    const subject = quantity === 'loss' ? 'loss' : 'error δ';
    const diagnosis = diagnoseDivergence(run.spec, run.dataset, run.watch.lastFinite, run.watch.firstFinite);
    if (diagnosis.report) this.port.post({ type: 'gradcheck', result: gradCheckMessage(diagnosis.report, diagnosis.checkedStep ?? step) });
    const message = `The ${subject} became NaN or infinite at step ${step} (epoch ${Math.floor((step - 1) / run.trainer.stepsPerEpoch) + 1}): ${what}. Diagnosis: ${diagnosis.sentence}.`;
    this.fail(run, message, { step, layer: where, quantity });
    return false;
  }

  private fail(run: ActiveRun, message: string, nonFinite?: NonFiniteReport): void {
    this.evaluating = null;
    this.flushProgress(run);
    run.state = 'failed';
    this.postRecord();
    this.postAllFrames();
    this.port.post({ type: 'failed', message, ...(nonFinite ? { nonFinite } : {}) });
  }
}
