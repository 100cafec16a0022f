/** Checkpoints of a running run: metrics.json at epoch ends (≤ 1 per 5 s), with model.json ≤ 1 per 30 s and on pause. */
import type { WorkerToHost } from '../../protocol';

export const METRICS_EVERY_MS = 5000;
export const MODEL_EVERY_MS = 30_000;

/** What the checkpointer needs from its session. */
export interface CheckpointTarget {
  /** The metrics record of the run so far (state running or paused). */
  metrics(): unknown;
  /** The worker's current model (one 'requestModel' → 'model' round trip). */
  requestModel(): Promise<unknown>;
  /** Replaces the run folder's files atomically (the folder is created by the first call). */
  write(files: { metrics: unknown; model?: unknown }): Promise<void>;
  warn(message: string): void;
}

export class RunCheckpointer {
  private lastMetricsAt = -Infinity;
  private lastModelAt = -Infinity;
  private modelPending = false;
  private writesInFlight = 0;
  private closed = false;
  private writing: Promise<void> = Promise.resolve();
  private warned = false;

  constructor(private readonly target: CheckpointTarget, private readonly now: () => number = Date.now) {}

  /** Feeds one worker message: an epoch row may checkpoint, a pause checkpoints the model. */
  onWorkerMessage(message: WorkerToHost): void {
    if (this.closed) return;
    if (message.type === 'state' && message.state === 'paused') return this.checkpointModel();
    if (message.type !== 'epoch') return;
    const now = this.now();
    if (now - this.lastModelAt >= MODEL_EVERY_MS) this.checkpointModel();
    else if (now - this.lastMetricsAt >= METRICS_EVERY_MS && this.writesInFlight === 0) this.enqueue(false);
  }

  /** Stops checkpointing; resolves once the writes already started are done (the final write comes after). */
  close(): Promise<void> {
    this.closed = true;
    return this.writing;
  }

  /** Asks the worker for its model (one request at a time), then writes metrics and model together. */
  private checkpointModel(): void {
    if (this.modelPending) return;
    this.modelPending = true;
    this.lastModelAt = this.now();
    this.lastMetricsAt = this.lastModelAt;
    this.target.requestModel().then(
      (model) => { this.modelPending = false; this.enqueue(true, model); },
      () => { this.modelPending = false; },
    );
  }

  /** Queues one write (metrics taken now) behind the previous ones. */
  private enqueue(withModel: boolean, model?: unknown): void {
    if (this.closed) return;
    this.lastMetricsAt = this.now();
    const files = withModel ? { metrics: this.target.metrics(), model } : { metrics: this.target.metrics() };
    this.writesInFlight++;
    this.writing = this.writing
      .then(() => this.target.write(files))
      .catch((error: Error) => {
        if (!this.warned) this.target.warn(`Could not checkpoint the run folder: ${error.message}`);
        this.warned = true;
      })
      .finally(() => { this.writesInFlight--; });
  }
}
