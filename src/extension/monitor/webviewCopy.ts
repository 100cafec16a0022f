/**
 * What one monitor webview holds of the run, so that a post carries only what it lacks: the record as a delta against
 * the record it holds (a whole record only when it holds none), progress as its newest point once the loss chart
 * draws from the record, and snapshots no faster than `snapshotBytesPerSecond` while the run trains (the latest wins;
 * a paused, stepped or ended run's snapshot goes at once, exact).
 */
import { deltaIsEmpty, recordDelta } from '../../engine/record/delta';
import type { HostToWebview, MonitorState, RunRecord } from '../../protocol';
import { wireBytes } from './wireBytes';

/** Snapshot bytes per second a panel receives at most while its run trains (the δ, σ′ and upstream matrices dominate). */
export const SNAPSHOT_BYTES_PER_SECOND = 12_000;

export class WebviewCopy {
  private record: RunRecord | null = null;
  private running = false;
  private snapshotDue = -Infinity;

  constructor(private readonly snapshotBytesPerSecond = SNAPSHOT_BYTES_PER_SECOND) {}

  /** The earliest time (ms, the throttle's clock) the next snapshot may go; -Infinity unless the run trains. */
  snapshotDueAt(): number { return this.running ? this.snapshotDue : -Infinity; }

  /** `message` as this webview needs it, or null when it holds it all already; `now` dates a snapshot sent. */
  outgoing(message: HostToWebview, now: number): HostToWebview | null {
    switch (message.type) {
      case 'fullState':
        this.record = message.state.record ?? null;
        this.running = isTraining(message.state.state);
        return message;
      case 'started':
        this.record = null; // a new run's webview drops its record: the next one goes whole
        return message;
      case 'runState':
        this.running = isTraining(message.state);
        return message;
      case 'record':
        return this.recordUpdate(message.record);
      case 'progress':
        return this.record && message.points.length > 1 ? { type: 'progress', points: message.points.slice(-1) } : message;
      case 'snapshot':
        this.snapshotDue = now + (1000 * wireBytes(message)) / this.snapshotBytesPerSecond;
        return message;
      default:
        return message;
    }
  }

  private recordUpdate(next: RunRecord): HostToWebview | null {
    const held = this.record;
    this.record = next;
    const delta = held && recordDelta(held, next);
    if (!held || !delta) return { type: 'record', record: next };
    return deltaIsEmpty(delta, held) ? null : { type: 'recordDelta', delta };
  }
}

function isTraining(state: MonitorState['state']): boolean {
  return state === 'running' || state === 'starting';
}
