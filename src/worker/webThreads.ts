/** Fast-trainer helper threads in a browser: Web Workers from a blob URL (needs cross-origin isolation for the shared memory). */
import type { HelperInit, ThreadStarter } from '../engine/fast';

declare class Blob { constructor(parts: string[], options?: { type: string }) }
declare const URL: { createObjectURL(blob: Blob): string; revokeObjectURL(url: string): void };
declare class Worker { constructor(url: string, options?: { name?: string }); postMessage(message: HelperInit): void; terminate(): void }

/** A helper's whole program: instantiate the module on the shared memory and run its share of every command. */
const WEB_HELPER_SOURCE = `self.onmessage = (e) => {
  const { module, memory, tid } = e.data;
  new WebAssembly.Instance(module, { env: { memory } }).exports.workerLoop(tid);
};`;

let helperUrl: string | undefined;

export const startWebThread: ThreadStarter = (init) => {
  helperUrl ??= URL.createObjectURL(new Blob([WEB_HELPER_SOURCE], { type: 'text/javascript' }));
  const worker = new Worker(helperUrl, { name: `backprop-lens-helper-${init.tid}` });
  worker.postMessage(init);
  return worker;
};
