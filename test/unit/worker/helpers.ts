/** Real worker_threads workers running src/worker/worker.ts through tsx, and waiting on their messages. */
import { Worker } from 'node:worker_threads';
import { join, resolve } from 'node:path';
import type { HostToWorker, RunOptions, WorkerToHost } from '../../../src/protocol';

const WORKER_SOURCE = resolve(__dirname, '../../../src/worker/worker.ts');

/** A real training worker running the TypeScript source through tsx; kept in `started` so the test can end it. */
export function startSourceWorker(started: Worker[] = []): Worker {
  const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(WORKER_SOURCE)});`, { eval: true });
  started.push(worker);
  return worker;
}

export const OPTIONS: RunOptions = { snapshotEvery: 5, gradCheckEachEpoch: false, includeWeightGradients: false };

export function specText(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    name: 'xor test', seed: 3, data: { builtin: 'xor', samples: 200 },
    layers: [{ units: 2 }, { units: 6, activation: 'tanh' }, { units: 2, activation: 'softmax' }],
    loss: 'cross_entropy', optimizer: { type: 'adam', learningRate: 0.05 }, training: { epochs: 5, batchSize: 8 },
    ...overrides,
  }, null, 2);
}

/** A worker plus every message it sent, with timestamps. */
export class TestWorker {
  readonly worker: Worker;
  readonly messages: { at: number; message: WorkerToHost }[] = [];
  private waiters: (() => void)[] = [];

  constructor() {
    this.worker = startSourceWorker();
    this.worker.on('message', (message: WorkerToHost) => {
      this.messages.push({ at: performance.now(), message });
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  post(message: HostToWorker): number {
    this.worker.postMessage(message);
    return performance.now();
  }

  start(text: string, options: Partial<RunOptions> = {}, specPath = join(__dirname, 'spec.nn.json'), initialModel?: unknown): void {
    this.post({ type: 'start', runId: 'test', specPath, specText: text, options: { ...OPTIONS, ...options }, initialModel });
  }

  /** The first message after index `from` matching `predicate`, waiting up to `timeoutMs`. */
  async waitFor<T extends WorkerToHost['type']>(type: T, from = 0, timeoutMs = 15_000, predicate: (m: Extract<WorkerToHost, { type: T }>) => boolean = () => true): Promise<{ at: number; index: number; message: Extract<WorkerToHost, { type: T }> }> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const index = this.messages.findIndex((m, i) => i >= from && m.message.type === type && predicate(m.message as Extract<WorkerToHost, { type: T }>));
      if (index >= 0) return { at: this.messages[index].at, index, message: this.messages[index].message as Extract<WorkerToHost, { type: T }> };
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`no '${type}' message within ${timeoutMs} ms; got: ${this.messages.slice(from).map((m) => m.message.type).join(', ')}`);
      await new Promise<void>((wake) => { this.waiters.push(wake); setTimeout(wake, Math.min(left, 50)); });
    }
  }

  of<T extends WorkerToHost['type']>(type: T, from = 0): Extract<WorkerToHost, { type: T }>[] {
    return this.messages.slice(from).map((m) => m.message).filter((m): m is Extract<WorkerToHost, { type: T }> => m.type === type);
  }

  terminate(): Promise<number> { return this.worker.terminate(); }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
