/**
 * Helper threads for the fast trainer. The engine starts no threads itself (it stays free of host APIs): the host
 * passes a ThreadStarter that runs HELPER_SOURCE with {module, memory, tid} (e.g. a Node worker_threads Worker).
 * Each helper runs the generated workerLoop(tid) on the shared memory; commands are posted through CONTROL words.
 */
import { CONTROL } from './layout';
import { COMMAND } from './step-codegen';

interface HelperInit { module: WebAssembly.Module; memory: WebAssembly.Memory; tid: number }
/** A started helper; unref (when the host has it) lets the process exit without dispose(). */
export interface HelperHandle { terminate(): unknown; unref?(): unknown }
export type ThreadStarter = (source: string, init: HelperInit) => HelperHandle;

/**
 * Source of a helper thread for Node's worker_threads with { eval: true, workerData: init }:
 *   startThread = (source, init) => new Worker(source, { eval: true, workerData: init })
 */
const NODE_HELPER_SOURCE = `
const { workerData } = require('node:worker_threads');
const instance = new WebAssembly.Instance(workerData.module, { env: { memory: workerData.memory } });
instance.exports.workerLoop(workerData.tid);
`;

export class HelperThreads {
  private readonly control: Int32Array;
  private readonly handles: HelperHandle[] = [];

  constructor(start: ThreadStarter, module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number) {
    this.control = new Int32Array(memory.buffer, 0, CONTROL.bytes / 4);
    for (let tid = 1; tid < threads; tid++) {
      const handle = start(NODE_HELPER_SOURCE, { module, memory, tid });
      handle.unref?.();
      this.handles.push(handle);
    }
  }

  /** Wakes the helpers for one command; the main thread then runs its own share (tid 0). */
  post(command: number): void {
    Atomics.store(this.control, CONTROL.command / 4, command);
    Atomics.add(this.control, CONTROL.commandSeq / 4, 1);
    Atomics.notify(this.control, CONTROL.commandSeq / 4);
  }

  stop(): void {
    this.post(COMMAND.stop);
    for (const h of this.handles) h.terminate();
    this.handles.length = 0;
  }
}
