/**
 * What one monitor webview holds of the run, so that a post carries only what it lacks: the record as a delta against
 * the record it holds (a whole record only when it holds none), progress as its newest point once the loss chart
 * draws from the record, and snapshots no faster than a float32 snapshot would go at `snapshotBytesPerSecond` while
 * the run trains (the latest wins), each with only the matrices of the sections on screen, as 16-bit codes
 * (codedSnapshot.ts). A paused, stepped or ended run's snapshot goes at once, whole and exact (the latest again when
 * the run stops training after a coded one).
 */
import { deltaIsEmpty, recordDelta } from '../../engine/record/delta';
import { MONITOR_SECTIONS, type HostToWebview, type MonitorSection, type MonitorState, type RunRecord } from '../../protocol';
import { codeSnapshot } from './codedSnapshot';
import { wireBytes } from './wireBytes';

/** Float32 snapshot bytes per second that set a training run's snapshot cadence (what travels is coded: less). */
export const SNAPSHOT_BYTES_PER_SECOND = 12_000;

export class WebviewCopy {
  private record: RunRecord | null = null;
  private running = false;
  private snapshotDue = -Infinity;
  private visible: ReadonlySet<MonitorSection> = new Set(MONITOR_SECTIONS);
  /** Sections whose matrices the webview's latest snapshot lacks (left out while off screen). */
  private lacking = new Set<MonitorSection>();
  /** The webview's latest snapshot is a coded one (approximate, maybe without some sections). */
  private heldCoded = false;

  /** `coding` false: snapshots go as they come (the side view's, already without matrices). */
  constructor(private readonly snapshotBytesPerSecond = SNAPSHOT_BYTES_PER_SECOND, private readonly coding = true) {}

  /** The earliest time (ms, the throttle's clock) the next snapshot may go; -Infinity unless the run trains. */
  snapshotDueAt(): number { return this.running ? this.snapshotDue : -Infinity; }

  /** The webview's sections on screen now; true when one it lacks the matrices of came into view (send the latest). */
  setVisible(sections: readonly MonitorSection[]): boolean {
    this.visible = new Set(sections);
    return sections.some((section) => this.lacking.has(section));
  }

  /** True when the run no longer trains but the webview's snapshot is coded: send it the latest exact (Explain prints it). */
  needsExactSnapshot(): boolean { return this.heldCoded && !this.running; }

  /** `message` as this webview needs it, or null when it holds it all already; `now` dates a snapshot sent. */
  outgoing(message: HostToWebview, now: number): HostToWebview | null {
    switch (message.type) {
      case 'fullState':
        this.lacking.clear();
        this.heldCoded = false;
        this.record = message.state.record ?? null;
        this.running = isTraining(message.state.state);
        return message;
      case 'started':
        this.heldCoded = false;
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
        return this.snapshotUpdate(message, now);
      default:
        return message;
    }
  }

  private snapshotUpdate(message: Extract<HostToWebview, { type: 'snapshot' }>, now: number): HostToWebview {
    this.snapshotDue = now + (1000 * wireBytes(message)) / this.snapshotBytesPerSecond;
    if (!this.running || !this.coding) {
      this.lacking.clear();
      this.heldCoded = false;
      return message;
    }
    const { coded, left } = codeSnapshot(message.snapshot, this.visible);
    this.lacking = new Set(left);
    this.heldCoded = true;
    return { type: 'codedSnapshot', snapshot: coded };
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
