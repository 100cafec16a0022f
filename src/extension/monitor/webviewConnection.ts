/**
 * One monitor webview's link to the sessions (no vscode import: unit-tested in plain Node).
 * The webview says 'ready' → it gets the fullState; from then on the run's updates are coalesced to ≤ 20 posts a
 * second (progress merged, latest snapshot wins), cut to what the webview lacks (WebviewCopy: the record as a delta,
 * snapshots within a byte rate, only the sections on screen, coded) and each flush is one { type: 'batch' } post. A
 * section scrolled into view gets the latest snapshot at once. A hidden webview gets nothing until it says 'ready'
 * again. Input is validated.
 */
import { assertNever, type ControlAction, type ExplainTarget, type ExplanationAnswer, type Frame, type FrameStatsMessage, type HostToWebview, type MonitorPost, type MonitorState, type Snapshot, type StateAckMessage, type WebviewToHost } from '../../protocol';
import { parseWebviewMessage } from './webviewInput';
import type { Disposable, Event } from '../session/emitter';
import { UpdateThrottle, realTimers, type TimerApi } from '../session/updateThrottle';
import { parseFrameStats, parseStateAck } from './monitorMessages';
import { packTypedArrays } from './packBuffers';
import { SNAPSHOT_BYTES_PER_SECOND, WebviewCopy } from './webviewCopy';

/** Posts per second a webview receives at most. */
export const MAX_POSTS_PER_SECOND = 20;
/** The step record (large, it replaces the one before) reaches a webview at most this often while a run goes on. */
export const RECORD_EVERY_MS = 1000;

/** How much of the stream a webview gets: the panel all of it; the side view summaries (no record, no δ matrices). */
export interface ConnectionOptions { postsPerSecond: number; summaryOnly: boolean }
export const PANEL_CONNECTION: ConnectionOptions = { postsPerSecond: MAX_POSTS_PER_SECOND, summaryOnly: false };
export const SIDE_VIEW_CONNECTION: ConnectionOptions = { postsPerSecond: 4, summaryOnly: true };

/** The part of SessionManager the monitor uses. */
export interface MonitorSessions {
  readonly onWebviewMessage: Event<HostToWebview>;
  readonly onDidChangeSession: Event<unknown>;
  getMonitorState(): MonitorState;
  control(action: ControlAction): Promise<void>;
  setLearningRate(learningRate: number): void;
  revealLayer(layer: number): Promise<void>;
  /** Switches ∂E/∂W^l in the active run's snapshots on or off. */
  setWeightGradients(enabled: boolean): void;
  /** The δ frame nearest at or before `step` of the run the monitor shows (live, ended or saved); null when none. */
  requestFrame(step: number): Promise<Frame | null>;
  /** Explains one unit for one column of the active run's last mini-batch (a sentence instead when it cannot). */
  explain(target: ExplainTarget): Promise<ExplanationAnswer>;
  /** After Reload Window: the revived panel showed run `runId` (`wasLive`: it was training); show it from its run folder. */
  restoreRun?(runId: string, wasLive: boolean): Promise<void>;
}

/** The part of vscode.Webview a connection uses. */
export interface WebviewPort {
  postMessage(message: MonitorPost): PromiseLike<boolean>;
  readonly onDidReceiveMessage: Event<unknown>;
}

/** Where a connection reports what it did (benchmark counters, logs). */
export interface ConnectionObserver {
  /** `syncMs`: time the host thread spent inside webview.postMessage (serialising the message). */
  posted(message: MonitorPost, syncMs: number): void;
  frameStats(stats: FrameStatsMessage): void;
  stateAck(ack: StateAckMessage): void;
  error(message: string): void;
}

export class WebviewConnection implements Disposable {
  private live = false;
  private pendingExplain: ExplainTarget | null = null;
  private readonly throttle: UpdateThrottle;
  private readonly subscriptions: Disposable[] = [];
  private readonly copy: WebviewCopy;
  private readonly now: () => number;

  constructor(
    private readonly port: WebviewPort,
    private readonly sessions: MonitorSessions,
    private readonly observer: ConnectionObserver,
    timers: TimerApi = realTimers,
    private readonly options: ConnectionOptions = PANEL_CONNECTION,
  ) {
    this.copy = new WebviewCopy(SNAPSHOT_BYTES_PER_SECOND, !options.summaryOnly);
    this.throttle = new UpdateThrottle((messages) => this.postBatch(messages), options.postsPerSecond, timers, RECORD_EVERY_MS, () => this.copy.snapshotDueAt());
    this.now = () => timers.now();
    this.subscriptions.push(
      port.onDidReceiveMessage((raw) => this.receive(raw)),
      sessions.onWebviewMessage((message) => {
        const shown = this.options.summaryOnly ? summaryOf(message) : message;
        if (this.live && shown) this.throttle.push(shown);
      }),
      sessions.onDidChangeSession(() => { if (this.live) this.sendFullState(); }),
    );
  }

  /** True between the webview's 'ready' and the moment it is hidden or disposed. */
  get isLive(): boolean { return this.live; }

  /** Opens the webview's Explain pane on `target`: now when it is live, else right after its next fullState. */
  requestExplain(target: ExplainTarget): void {
    if (this.live) this.post({ type: 'explainRequested', target });
    else this.pendingExplain = target;
  }

  /** The webview was hidden: its page is gone, so pending updates are dropped until it says 'ready' again. */
  pause(): void {
    this.live = false;
    this.throttle.dispose();
  }

  dispose(): void {
    this.pause();
    for (const s of this.subscriptions) s.dispose();
    this.subscriptions.length = 0;
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (message) return this.handle(message);
    const stats = parseFrameStats(raw);
    if (stats) return this.observer.frameStats(stats);
    const ack = parseStateAck(raw);
    if (ack) return this.observer.stateAck(ack);
    this.observer.error(`ignored a malformed message from the monitor webview: ${describeRaw(raw)}`);
  }

  private handle(message: WebviewToHost): void {
    switch (message.type) {
      case 'ready':
        this.live = true;
        return this.sendFullState();
      case 'control':
        return void this.sessions.control(message.action).catch((e: unknown) => this.observer.error(`control ${message.action} failed: ${String(e)}`));
      case 'setLearningRate':
        return this.sessions.setLearningRate(message.learningRate);
      case 'revealLayer':
        return void this.sessions.revealLayer(message.layer).catch((e: unknown) => this.observer.error(`reveal layer failed: ${String(e)}`));
      case 'setWeightGradients':
        return this.sessions.setWeightGradients(message.enabled);
      case 'visibleSections':
        if (this.copy.setVisible(message.sections) && this.live && !this.options.summaryOnly) this.sendLatestSnapshot();
        return;
      case 'requestFrame':
        return void this.sessions.requestFrame(message.step).then(
          (frame) => { if (this.live) this.post({ type: 'frame', step: message.step, frame }); },
          (e: unknown) => this.observer.error(`frame at step ${message.step} failed: ${String(e)}`),
        );
      case 'explain': {
        const { type: _type, ...target } = message;
        const { layer, unit } = target;
        return void this.sessions.explain(target).then(
          (answer) => { if (this.live) this.post({ type: 'explanation', ...answer }); },
          (e: unknown) => this.observer.error(`explain layer ${layer} unit ${unit} failed: ${String(e)}`),
        );
      }
      default:
        return assertNever(message);
    }
  }

  /** Pending updates are older than the full state, so they are dropped, not sent after it. */
  private sendFullState(): void {
    this.throttle.dispose();
    const state = this.sessions.getMonitorState();
    this.post(this.copy.outgoing({ type: 'fullState', state: this.options.summaryOnly ? summaryState(state) : state }, this.now())!);
    if (this.pendingExplain) this.post({ type: 'explainRequested', target: this.pendingExplain });
    this.pendingExplain = null;
  }

  /** The latest snapshot (with the latest boundary and weight images) now, for a section that came into view. */
  private sendLatestSnapshot(): void {
    const latest = this.latestSnapshot();
    if (latest) this.postBatch([latest]);
  }

  private latestSnapshot(): HostToWebview | null {
    const { snapshot, boundary, firstLayerWeights } = this.sessions.getMonitorState();
    return snapshot && { type: 'snapshot', snapshot: { ...snapshot, ...(boundary ? { boundary } : {}), ...(firstLayerWeights ? { firstLayerWeights } : {}) } };
  }

  /** One flush: each update as the webview needs it (nothing when it holds them all); once the run stops training, the latest snapshot exact. */
  private postBatch(updates: HostToWebview[]): void {
    const messages = updates.map((m) => this.copy.outgoing(m, this.now())).filter((m): m is HostToWebview => m !== null);
    const exact = this.copy.needsExactSnapshot() ? this.latestSnapshot() : null;
    if (exact) messages.push(this.copy.outgoing(exact, this.now())!);
    if (messages.length) this.post({ type: 'batch', messages });
  }

  private post(message: MonitorPost): void {
    const start = performance.now();
    const delivered = this.port.postMessage(packTypedArrays(message)); // one ArrayBuffer: VS Code drops buffers past ~254
    this.observer.posted(message, performance.now() - start);
    void Promise.resolve(delivered).catch((e: unknown) => this.observer.error(`postMessage failed: ${String(e)}`));
  }
}

/** What a summary view needs of an update: snapshots without their matrices; no record and no frames. */
function summaryOf(message: HostToWebview): HostToWebview | null {
  switch (message.type) {
    case 'record': case 'recordDelta': case 'frame': case 'explanation': case 'explainRequested': case 'compare': return null;
    case 'snapshot': return { type: 'snapshot', snapshot: summarySnapshot(message.snapshot) };
    case 'codedSnapshot': return null; // made per panel from a 'snapshot' (webviewCopy.ts), never an update
    case 'fullState': return { type: 'fullState', state: summaryState(message.state) };
    case 'started': return { type: 'started', info: message.info };
    case 'runState': case 'progress': case 'epoch': case 'gradcheck': return message;
    default: return assertNever(message);
  }
}

function summaryState(state: MonitorState): MonitorState {
  return { ...state, record: null, deltaHistory: [], snapshot: state.snapshot && summarySnapshot(state.snapshot), boundary: null, points: null, firstLayerWeights: null };
}

const NO_VALUES = new Float32Array(0);

/** Per-layer norms, shares and health stay; δ, σ', upstream, ∂E/∂W, boundary and weight images go. */
function summarySnapshot(snapshot: Snapshot): Snapshot {
  const layers = snapshot.layers.map(({ dW: _dW, ...layer }) => ({ ...layer, batchSize: 0, delta: NO_VALUES, sigmaPrime: NO_VALUES, upstream: NO_VALUES }));
  return { step: snapshot.step, epoch: snapshot.epoch, layers, ...(snapshot.health ? { health: snapshot.health } : {}) };
}

/** At most 200 characters of a rejected value for the log; never throws (BigInt, cycles, null prototypes). */
function describeRaw(raw: unknown): string {
  try {
    return String(JSON.stringify(raw)).slice(0, 200);
  } catch {
    return `(${typeof raw}, not JSON)`;
  }
}
