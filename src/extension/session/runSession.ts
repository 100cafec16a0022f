/** One training run: owns its worker (started lazily), relays typed messages, keeps the MonitorState, saves the run. */
import { boundedEpochRows, type EpochMetrics, type ExplainTarget, type ExplanationAnswer, type Frame, type GradCheckResult, type HostToWebview, type HostToWorker, type MonitorState, type NonFiniteReport, type RunOptions, type RunState, type WorkerToHost } from '../../protocol';
import { RunCheckpointer } from './checkpoint';
import { Emitter } from './emitter';
import { applyWorkerMessage, emptyMonitorState, markEnded } from './monitorState';
import { metricsRecord } from './runRecord';
import { encodeRecordFile, RECORD_FORMAT } from '../../engine/record/record-file';
import type { RunFiles } from './runFolder';
import { toWebviewMessage } from './relay';
import { UpdateThrottle, type TimerApi, realTimers } from './updateThrottle';

/** The part of worker_threads.Worker a session uses (a fake in tests). */
export interface WorkerLike {
  postMessage(message: HostToWorker): void;
  on(event: 'message', listener: (message: WorkerToHost) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

interface SessionLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What a session needs from its surroundings: a worker factory, a log, saving the run's files. */
export interface SessionHost {
  createWorker(): WorkerLike;
  log: SessionLog;
  /** Writes metrics.json (and model.json when given) to the run's folder (`session.runFolder`, else a new one); resolves it. */
  saveRun(session: RunSession, files: RunFiles): Promise<string>;
  /** Like saveRun, for a running run's checkpoints (replacing the previous ones); without it a run is saved only at the end. */
  checkpointRun?(session: RunSession, files: { metrics: unknown; model?: unknown }): Promise<string>;
  /** Webview updates per second. */
  updateRate(): number;
  timers?: TimerApi;
}

export interface RunOutcome {
  state: Extract<RunState, 'finished' | 'stopped' | 'failed'>;
  message: string | null;
  nonFinite?: NonFiniteReport;
  runFolder?: string;
}

/** How long a stopping worker may take to answer before it is terminated. */
export const STOP_GRACE_MS = 3000;

let runCounter = 0;
let modelRequests = 0;
let frameRequests = 0;
let explainRequests = 0;

/** The frame with the largest step ≤ `step` (frames ascending by step), else the first one, else null. */
export function frameAtOrBefore(frames: readonly Frame[], step: number): Frame | null {
  let found: Frame | null = frames[0] ?? null;
  for (const frame of frames) if (frame.step <= step) found = frame;
  return found;
}

export class RunSession {
  readonly runId = `run-${Date.now().toString(36)}-${++runCounter}`;
  readonly ended: Promise<RunOutcome>;
  runFolder: string | undefined;
  private readonly monitorState: MonitorState = emptyMonitorState();
  private worker: WorkerLike | null = null;
  private resolveEnded!: (outcome: RunOutcome) => void;
  private isEnded = false;
  private stopTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly throttle: UpdateThrottle;
  private readonly checkpointer: RunCheckpointer | null;
  private readonly _onDidChangeState = new Emitter<MonitorState>();
  private readonly _onWebviewMessage = new Emitter<HostToWebview>();
  private readonly _onWorkerMessage = new Emitter<WorkerToHost>();
  private readonly _onDidEnd = new Emitter<RunOutcome>();
  readonly onDidChangeState = this._onDidChangeState.event;
  readonly onWebviewMessage = this._onWebviewMessage.event;
  /** Every worker message, unthrottled (log channel, hovers, status bar). */
  readonly onWorkerMessage = this._onWorkerMessage.event;
  readonly onDidEnd = this._onDidEnd.event;

  /** `kind: 'check'` sessions only run gradient checks at initialisation and save nothing. */
  constructor(
    readonly specUri: string,
    readonly specPath: string,
    private readonly host: SessionHost,
    readonly kind: 'train' | 'check' = 'train',
  ) {
    this.ended = new Promise((resolve) => { this.resolveEnded = resolve; });
    this.throttle = new UpdateThrottle((messages) => this.deliver(messages), host.updateRate(), host.timers ?? realTimers);
    this.checkpointer = kind === 'train' && host.checkpointRun ? this.createCheckpointer(host.checkpointRun.bind(host)) : null;
  }

  get state(): RunState | 'idle' { return this.monitorState.state; }
  get isActive(): boolean { return !this.isEnded && this.worker !== null; }
  get name(): string { return this.monitorState.info?.name ?? this.specPath.split(/[\\/]/).pop() ?? this.specPath; }

  getMonitorState(): MonitorState { return this.monitorState; }
  private startedFrom: unknown = undefined;
  private frames: Frame[] = [];
  private ranSpecText: string | undefined;
  private endModel: unknown = undefined;

  /** The saved model this run started from (a restart starts from it again), if any. */
  get initialModel(): unknown { return this.startedFrom; }

  /** The spec text this run started with. */
  get specText(): string | undefined { return this.ranSpecText; }

  /** The model a finished or stopped run ended with (its final weights), once it has ended. */
  get finalModel(): unknown { return this.endModel; }

  /** Starts the worker and the run. */
  start(specText: string, options: RunOptions, initialModel?: unknown): void {
    if (this.worker || this.isEnded) throw new Error('a session runs once; start a new session');
    this.startedFrom = initialModel;
    this.ranSpecText = specText;
    const worker = this.host.createWorker();
    this.worker = worker;
    worker.on('message', (message) => this.onMessage(message));
    worker.on('error', (error) => this.fail(`The training worker crashed: ${error.message}`));
    worker.on('exit', (code) => { if (!this.isEnded) this.fail(`The training worker exited unexpectedly (exit code ${code}).`); });
    this.monitorState.state = 'starting';
    this.post({ type: 'start', runId: this.runId, specPath: this.specPath, specText, options, initialModel });
  }

  pause(): void { this.post({ type: 'pause' }); }
  resume(): void { this.post({ type: 'resume' }); }
  step(): void { this.post({ type: 'step' }); }
  gradientCheck(): void { this.post({ type: 'gradcheck' }); }
  setLearningRate(learningRate: number): void { this.post({ type: 'setLearningRate', learningRate }); }
  setWeightGradients(enabled: boolean): void { this.post({ type: 'setWeightGradients', enabled }); }

  /** Asks the worker to stop (it answers with its model); terminates it if it does not answer in time. */
  stop(): void {
    if (this.isEnded || !this.worker) return;
    this.post({ type: 'stop' });
    this.stopTimer ??= setTimeout(() => this.finishWithoutWorker('stopped', 'The run did not stop in time; its worker was terminated.'), STOP_GRACE_MS);
  }

  /** Adds a gradient check of this ended run's final weights (run by a check session) to its monitor state and monitor. */
  addFinalGradientCheck(result: GradCheckResult): void {
    applyWorkerMessage(this.monitorState, { type: 'gradcheck', result });
    this._onWebviewMessage.fire({ type: 'gradcheck', result });
    this._onDidChangeState.fire(this.monitorState);
  }

  /** The next gradient check result from this run. */
  nextGradientCheck(): Promise<GradCheckResult> {
    return new Promise((resolve, reject) => {
      const subscriptions = [
        this.onWorkerMessage((m) => { if (m.type === 'gradcheck') { done(); resolve(m.result); } }),
        this.onDidEnd((o) => { done(); reject(new Error(o.message ?? `the run ${o.state} before the gradient check`)); }),
      ];
      const done = () => subscriptions.forEach((s) => s.dispose());
    });
  }

  /** The δ frame nearest at or before `step`: asked of the worker while it lives, else from the frames it left. */
  requestFrame(step: number, timeoutMs = 5000): Promise<Frame | null> {
    if (!this.isActive) return Promise.resolve(frameAtOrBefore(this.frames, step));
    const requestId = ++frameRequests;
    return new Promise((resolve) => {
      const timer = setTimeout(() => { done(); resolve(frameAtOrBefore(this.frames, step)); }, timeoutMs);
      const subscriptions = [
        this.onWorkerMessage((m) => { if (m.type === 'frame' && m.requestId === requestId) { done(); resolve(m.frame); } }),
        this.onDidEnd(() => { done(); resolve(frameAtOrBefore(this.frames, step)); }),
      ];
      const done = () => { clearTimeout(timer); subscriptions.forEach((s) => s.dispose()); };
      this.post({ type: 'requestFrame', requestId, step });
    });
  }

  /** Explains one unit for one column of the last mini-batch, asked of the worker while it lives (a sentence otherwise). */
  explain(target: ExplainTarget, timeoutMs = 10_000): Promise<ExplanationAnswer> {
    const none = (error: string): ExplanationAnswer => ({ ...target, step: 0, sample: null, explanation: null, error });
    if (!this.isActive) return Promise.resolve(none('The run has ended and its worker is gone: start or restart a run, pause it and press Step to explain a number.'));
    const requestId = ++explainRequests;
    return new Promise((resolve) => {
      const timer = setTimeout(() => { done(); resolve(none('The worker did not answer in time.')); }, timeoutMs);
      const subscriptions = [
        this.onWorkerMessage((m) => { if (m.type === 'explanation' && m.requestId === requestId) { done(); const { type: _t, requestId: _r, ...answer } = m; resolve(answer); } }),
        this.onDidEnd(() => { done(); resolve(none('The run ended before the explanation came.')); }),
      ];
      const done = () => { clearTimeout(timer); subscriptions.forEach((s) => s.dispose()); };
      this.post({ type: 'explain', requestId, ...target });
    });
  }

  /** The frames the worker left when the run ended (saved with the run). */
  getFrames(): readonly Frame[] { return this.frames; }

  /** The run's current model JSON (only while the worker is alive). */
  requestModel(timeoutMs = 10_000): Promise<unknown> {
    if (!this.isActive) return Promise.reject(new Error('the run has ended'));
    const requestId = ++modelRequests;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { done(); reject(new Error('the worker did not send its model in time')); }, timeoutMs);
      const subscriptions = [
        this.onWorkerMessage((m) => { if (m.type === 'model' && m.requestId === requestId) { done(); resolve(m.model); } }),
        this.onDidEnd(() => { done(); reject(new Error('the run ended before sending its model')); }),
      ];
      const done = () => { clearTimeout(timer); subscriptions.forEach((s) => s.dispose()); };
      this.post({ type: 'requestModel', requestId });
    });
  }

  dispose(): void {
    if (!this.isEnded) this.finishWithoutWorker('stopped', 'The run was disposed.');
    this.throttle.dispose();
    for (const emitter of [this._onDidChangeState, this._onWebviewMessage, this._onWorkerMessage, this._onDidEnd]) emitter.dispose();
  }

  private post(message: HostToWorker): void {
    if (this.isEnded || !this.worker) return;
    this.worker.postMessage(message);
  }

  private onMessage(message: WorkerToHost): void {
    if (this.isEnded) return;
    if (message.type === 'frames') this.frames = message.frames;
    applyWorkerMessage(this.monitorState, message);
    this._onWorkerMessage.fire(message);
    this.checkpointer?.onWorkerMessage(message);
    const forWebview = toWebviewMessage(message);
    if (forWebview) this.throttle.push(forWebview);
    if (message.type === 'finished') void this.finish(message.reason === 'completed' ? 'finished' : 'stopped', message.metrics, message.model);
    else if (message.type === 'failed') void this.finish('failed', this.monitorState.epochs, undefined, message.message, message.nonFinite);
  }

  /** Saves the run (unless it is a check or never trained), ends the worker and resolves `ended`. */
  private async finish(state: RunOutcome['state'], metrics: EpochMetrics[], model?: unknown, message: string | null = null, nonFinite?: NonFiniteReport): Promise<void> {
    this.endWorker();
    this.endModel = model;
    await this.checkpointer?.close();
    let outcome: RunOutcome = { state, message, nonFinite };
    if (this.kind === 'train' && this.monitorState.info) {
      try {
        const summary = metricsRecord({ runId: this.runId, specPath: this.specPath, state, message, nonFinite, monitor: this.monitorState, epochs: boundedEpochRows(metrics) });
        this.runFolder = await this.host.saveRun(this, { metrics: summary, model, record: this.recordFile(), spec: this.ranSpecText });
        outcome = { ...outcome, runFolder: this.runFolder };
      } catch (error) {
        const text = `Could not write the run folder: ${(error as Error).message}`;
        this.host.log.error(text);
        outcome = { ...outcome, message: message ?? text };
      }
    }
    this.end(outcome);
  }

  /** record.bin's bytes: the record and the frames the worker handed over (none when the worker sent no record). */
  private recordFile(): Uint8Array | undefined {
    const record = this.monitorState.record;
    return record ? encodeRecordFile({ format: RECORD_FORMAT, record, frames: this.frames, points: this.monitorState.points ?? null }) : undefined;
  }

  /** Checkpoints the running run's folder (metrics so far, the model now and then) so a killed host loses little. */
  private createCheckpointer(checkpointRun: NonNullable<SessionHost['checkpointRun']>): RunCheckpointer {
    return new RunCheckpointer({
      metrics: () => metricsRecord({ runId: this.runId, specPath: this.specPath, state: this.monitorState.state as RunState, message: null, monitor: this.monitorState, epochs: this.monitorState.epochs }),
      requestModel: () => this.requestModel(),
      write: async (files) => { this.runFolder = await checkpointRun(this, files); },
      warn: (message) => this.host.log.warn(message),
    });
  }

  private fail(message: string): void {
    if (this.isEnded) return;
    this.host.log.error(message);
    markEnded(this.monitorState, 'failed', message);
    this.throttle.push({ type: 'runState', state: 'failed', message });
    void this.finish('failed', this.monitorState.epochs, undefined, message);
  }

  /** Ends a run whose worker did not (or could not) answer: terminates it and saves what the host has. */
  private finishWithoutWorker(state: 'stopped' | 'failed', message: string): void {
    if (this.isEnded) return;
    this.host.log.warn(message);
    markEnded(this.monitorState, state, message);
    this.throttle.push({ type: 'runState', state, message });
    void this.finish(state, this.monitorState.epochs, undefined, message);
  }

  private endWorker(): void {
    if (this.stopTimer) clearTimeout(this.stopTimer);
    this.stopTimer = null;
    this.isEnded = true;
    const worker = this.worker;
    if (worker) void worker.terminate().catch(() => undefined);
  }

  private end(outcome: RunOutcome): void {
    this.isEnded = true;
    this.throttle.flush();
    this._onDidChangeState.fire(this.monitorState);
    this._onDidEnd.fire(outcome);
    this.resolveEnded(outcome);
  }

  private deliver(messages: HostToWebview[]): void {
    for (const message of messages) this._onWebviewMessage.fire(message);
    this._onDidChangeState.fire(this.monitorState);
  }
}
