/**
 * The browser column's dedicated Web Worker (bundled by esbuild, platform browser, started from a blob URL as the
 * extension's web build starts its worker): receives the spec and the data files as bytes, un-gzips them with
 * DecompressionStream, times epochs with the shared code and posts the result back.
 */
import type { ReadableWritablePair } from 'node:stream/web'; // types only: the browser's streams
import type { NetworkSpec } from '../../src/engine/spec/types';
import type { FastTrainer } from '../../src/engine/fast/fastTrainer';
import { benchTrainer, timeEpochs, type EpochPlan } from './web-epochs';

export interface BrowserJob { spec: NetworkSpec; files: Record<string, Uint8Array>; plan: EpochPlan }

declare const self: { onmessage: ((event: { data: BrowserJob | 'go' }) => void) | null; postMessage(message: unknown): void; crossOriginIsolated?: boolean };

/** The browser's (the Node types of this project do not declare it globally). */
declare const DecompressionStream: new (format: 'gzip') => ReadableWritablePair<Uint8Array, Uint8Array>;

const isGzip = (bytes: Uint8Array): boolean => bytes[0] === 0x1f && bytes[1] === 0x8b;

/** Un-gzipped bytes (as the web build reads .gz data: DecompressionStream). */
async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

let job: BrowserJob | null = null;
let trainer: FastTrainer | null = null;

/**
 * First message: the job (data un-gzipped, trainer built, then "ready"); second: "go" once the driver has taken this
 * thread's CPU time (and priority): only the epochs run between the two readings.
 */
self.onmessage = async ({ data }) => {
  try {
    if (!job) {
      job = data as BrowserJob;
      const files = new Map<string, Uint8Array>();
      for (const [path, bytes] of Object.entries(job.files)) files.set(path, isGzip(bytes) ? await gunzip(bytes) : bytes);
      trainer = benchTrainer(job.spec, files);
      self.postMessage({ ready: true });
      return;
    }
    const times = timeEpochs(trainer!, job.plan);
    self.postMessage({ ...times, sharedArrayBuffer: typeof SharedArrayBuffer === 'function', crossOriginIsolated: self.crossOriginIsolated === true });
  } catch (e) {
    self.postMessage({ error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) });
  }
};
