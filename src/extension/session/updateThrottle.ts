/**
 * Coalesces a run's webview updates to at most `ratePerSecond` flushes: progress points are merged, only the
 * latest snapshot and the latest record are kept (a record replaces the one before; it goes at most every
 * `recordEveryMs`; a snapshot not before `snapshotDueAt()`), every other message (started, runState, epoch, gradcheck)
 * is delivered in order.
 */
import type { HostToWebview, Snapshot, StepPoint } from '../../protocol';

export interface TimerApi {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const realTimers: TimerApi = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export class UpdateThrottle {
  private points: StepPoint[] = [];
  private snapshot: Snapshot | null = null;
  private record: Extract<HostToWebview, { type: 'record' }> | null = null;
  private lastRecordAt = -Infinity;
  private ordered: HostToWebview[] = [];
  private timer: unknown = null;
  private timerDue = Infinity;
  private lastFlush = -Infinity;

  /** `deliver` receives each flush's messages in order: ordered ones, then merged progress, then the snapshot. */
  constructor(
    private readonly deliver: (messages: HostToWebview[]) => void,
    private ratePerSecond: number,
    private readonly timers: TimerApi = realTimers,
    private readonly recordEveryMs = 0,
    private readonly snapshotDueAt: () => number = () => -Infinity,
  ) {}

  setRate(ratePerSecond: number): void { this.ratePerSecond = ratePerSecond; }

  push(message: HostToWebview): void {
    if (message.type === 'progress') for (const p of message.points) this.points.push(p);
    else if (message.type === 'snapshot') this.snapshot = message.snapshot;
    else if (message.type === 'record') this.record = message;
    else this.ordered.push(message);
    this.schedule();
  }

  /** Delivers everything pending now (used when a run ends, so its last state is never held back). */
  flush(): void { this.flushPending(true); }

  /** Ordered messages, merged progress, and the latest record and snapshot when each is due (or `all`). */
  private flushPending(all: boolean): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    const now = this.timers.now();
    const messages: HostToWebview[] = [...this.ordered];
    if (this.record && (all || now - this.lastRecordAt >= this.recordEveryMs)) {
      messages.push(this.record);
      this.record = null;
      this.lastRecordAt = now;
    }
    if (this.points.length) messages.push({ type: 'progress', points: this.points });
    if (this.snapshot && (all || now >= this.snapshotDueAt())) {
      messages.push({ type: 'snapshot', snapshot: this.snapshot });
      this.snapshot = null;
    }
    this.ordered = [];
    this.points = [];
    this.lastFlush = now;
    if (messages.length) this.deliver(messages);
    if (this.record || this.snapshot) this.schedule();
  }

  dispose(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.ordered = [];
    this.points = [];
    this.snapshot = null;
    this.record = null;
  }

  /** One timer, at the earliest moment something pending may go (a record or snapshot alone waits for its own time). */
  private schedule(): void {
    const next = this.lastFlush + 1000 / Math.max(0.1, this.ratePerSecond);
    const waits = [
      ...(this.record ? [this.lastRecordAt + this.recordEveryMs] : []),
      ...(this.snapshot ? [this.snapshotDueAt()] : []),
    ];
    const due = this.ordered.length || this.points.length ? next : Math.max(next, Math.min(...waits));
    if (this.timer !== null && this.timerDue <= due) return;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.flushPending(false);
    }, Math.max(0, due - this.timers.now()));
  }
}
