/**
 * Helper threads for the fast trainer. The engine starts no threads itself (it stays free of host APIs): the host
 * passes a ThreadStarter that starts a thread running `new WebAssembly.Instance(module, { env: { memory } })
 * .exports.workerLoop(tid)` with {module, memory, tid} (a Node worker_threads Worker: src/node/threads.ts; a Web
 * Worker from a blob URL: src/worker/webThreads.ts). Commands are posted through CONTROL words of the shared memory.
 */
import { CONTROL } from './layout';
import { COMMAND } from './step-codegen';

export interface HelperInit { module: WebAssembly.Module; memory: WebAssembly.Memory; tid: number }
/** A started helper; unref (when the host has it) lets the process exit without dispose(). */
export interface HelperHandle { terminate(): unknown; unref?(): unknown }
export type ThreadStarter = (init: HelperInit) => HelperHandle;

export class HelperThreads {
  private readonly control: Int32Array;
  private readonly handles: HelperHandle[] = [];

  constructor(start: ThreadStarter, module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number) {
    this.control = new Int32Array(memory.buffer, 0, CONTROL.bytes / 4);
    for (let tid = 1; tid < threads; tid++) {
      const handle = start({ module, memory, tid });
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
