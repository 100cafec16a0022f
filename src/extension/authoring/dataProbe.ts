/** Asks a worker for data-dependent diagnostics (the data is loaded off the host thread); one lazy worker, idle-stopped. */
import type { ProbeDiagnostic, RunOptions, WorkerToHost } from '../../protocol';
import type { WorkerLike } from '../session/runSession';

const IDLE_MS = 30_000;
const TIMEOUT_MS = 60_000;

interface Pending { resolve(d: ProbeDiagnostic[]): void; reject(e: Error): void; timer: ReturnType<typeof setTimeout> }

export class DataProbe {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly createWorker: () => WorkerLike) {}

  /** All diagnostics of the spec with its data loaded; rejects if the worker crashes or takes too long. */
  probe(specPath: string, specText: string, options: RunOptions): Promise<ProbeDiagnostic[]> {
    const worker = this.ensureWorker();
    const requestId = this.nextId++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.settle(requestId, new Error('loading the data took too long')), TIMEOUT_MS);
      this.pending.set(requestId, { resolve, reject, timer });
      worker.postMessage({ type: 'probe', requestId, specPath, specText, options });
    });
  }

  dispose(): void {
    this.stopWorker(new Error('disposed'));
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.on('message', (m: WorkerToHost) => { if (m.type === 'probeResult') this.settle(m.requestId, m.diagnostics); });
    worker.on('error', (e) => { if (this.worker === worker) this.stopWorker(e); });
    worker.on('exit', () => { if (this.worker === worker) this.stopWorker(new Error('the data worker exited')); });
    this.worker = worker;
    return worker;
  }

  private settle(requestId: number, outcome: ProbeDiagnostic[] | Error): void {
    const entry = this.pending.get(requestId);
    if (!entry) return;
    this.pending.delete(requestId);
    clearTimeout(entry.timer);
    if (outcome instanceof Error) entry.reject(outcome);
    else entry.resolve(outcome);
    if (this.pending.size === 0) this.idleTimer = setTimeout(() => this.stopWorker(new Error('idle')), IDLE_MS);
  }

  private stopWorker(reason: Error): void {
    const worker = this.worker;
    this.worker = null;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    for (const id of [...this.pending.keys()]) this.settle(id, reason);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (worker) void worker.terminate().catch(() => undefined);
  }
}
