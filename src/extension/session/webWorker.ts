/**
 * The browser build's training worker: a Web Worker started from a blob URL of the source inlined in the bundle
 * (`new Worker(<extension file URI>)` is refused in the web extension host), behind the WorkerLike a session uses.
 * Start and probe messages get the spec's data files attached (read by the host: dataPreload.ts); messages keep
 * their order, so a 'pause' sent right after 'start' reaches the worker after it.
 */
import type { HostToWorker, PreloadedFiles, RunOptions, WorkerToHost } from '../../protocol';
import type { WorkerLike } from './runSession';

declare class Blob { constructor(parts: string[], options?: { type: string }) }
declare const URL: { createObjectURL(blob: Blob): string };
interface WebWorker {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  terminate(): void;
  onmessage: ((event: { data: WorkerToHost }) => void) | null;
  onerror: ((event: { message?: string; preventDefault?(): void }) => void) | null;
}
declare const Worker: new (url: string, options?: { name?: string }) => WebWorker;

/** Reads the data files a spec names (dataPreload.ts in the extension; a fake in tests). */
export type Preload = (specPath: string, specText: string, options: RunOptions) => Promise<PreloadedFiles>;

type Listeners = { message: ((m: WorkerToHost) => void)[]; error: ((e: Error) => void)[]; exit: ((code: number) => void)[] };

/** The object URL of the worker source, made once per source text. */
const urls = new Map<string, string>();

export class WebWorkerLike implements WorkerLike {
  private readonly listeners: Listeners = { message: [], error: [], exit: [] };
  private queue: Promise<void> = Promise.resolve();
  private ended = false;

  constructor(private readonly worker: WebWorker, private readonly preload: Preload) {
    worker.onmessage = (event) => { for (const l of this.listeners.message) l(event.data); };
    worker.onerror = (event) => {
      event.preventDefault?.();
      for (const l of this.listeners.error) l(new Error(event.message ?? 'the worker failed'));
    };
  }

  /** A worker running `source` (a classic script) from a blob URL. */
  static start(source: string, preload: Preload, name = 'backprop-lens-training'): WebWorkerLike {
    let url = urls.get(source);
    if (!url) urls.set(source, (url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))));
    return new WebWorkerLike(new Worker(url, { name }), preload);
  }

  postMessage(message: HostToWorker): void {
    this.queue = this.queue.then(async () => {
      if (this.ended) return;
      if (message.type !== 'start' && message.type !== 'probe') return this.worker.postMessage(message);
      const files = await this.preload(message.specPath, message.specText, message.options);
      if (this.ended) return;
      const buffers = Object.values(files).flatMap((f) => ('bytes' in f ? [f.bytes.buffer as ArrayBuffer] : []));
      this.worker.postMessage({ ...message, files }, [...new Set(buffers)]);
    }).catch((error: unknown) => { for (const l of this.listeners.error) l(error instanceof Error ? error : new Error(String(error))); });
  }

  on(event: 'message', listener: (message: WorkerToHost) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'exit', listener: (code: number) => void): this;
  on(event: keyof Listeners, listener: never): this {
    (this.listeners[event] as unknown[]).push(listener);
    return this;
  }

  /** Stops the worker at once (a Web Worker has no exit code: 1, as Node gives a terminated worker). */
  terminate(): Promise<number> {
    if (!this.ended) {
      this.ended = true;
      this.worker.terminate();
      queueMicrotask(() => { for (const l of this.listeners.exit) l(1); });
    }
    return Promise.resolve(1);
  }
}
