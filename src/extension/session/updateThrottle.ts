/**
 * Coalesces a run's webview updates to at most `ratePerSecond` flushes: progress points are merged, only the
 * latest snapshot is kept, every other message (started, runState, epoch, gradcheck) is delivered in order.
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
  private ordered: HostToWebview[] = [];
  private timer: unknown = null;
  private lastFlush = -Infinity;

  /** `deliver` receives each flush's messages in order: ordered ones, then merged progress, then the snapshot. */
  constructor(
    private readonly deliver: (messages: HostToWebview[]) => void,
    private ratePerSecond: number,
    private readonly timers: TimerApi = realTimers,
  ) {}

  setRate(ratePerSecond: number): void { this.ratePerSecond = ratePerSecond; }

  push(message: HostToWebview): void {
    if (message.type === 'progress') for (const p of message.points) this.points.push(p);
    else if (message.type === 'snapshot') this.snapshot = message.snapshot;
    else this.ordered.push(message);
    this.schedule();
  }

  /** Delivers everything pending now (used when a run ends, so its last state is never held back). */
  flush(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    const messages: HostToWebview[] = [...this.ordered];
    if (this.points.length) messages.push({ type: 'progress', points: this.points });
    if (this.snapshot) messages.push({ type: 'snapshot', snapshot: this.snapshot });
    this.ordered = [];
    this.points = [];
    this.snapshot = null;
    this.lastFlush = this.timers.now();
    if (messages.length) this.deliver(messages);
  }

  dispose(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.ordered = [];
    this.points = [];
    this.snapshot = null;
  }

  private schedule(): void {
    if (this.timer !== null) return;
    const interval = 1000 / Math.max(0.1, this.ratePerSecond);
    const wait = Math.max(0, this.lastFlush + interval - this.timers.now());
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }
}
