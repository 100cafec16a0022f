/**
 * The browser worker's platform: data files are the bytes the extension host read through vscode.workspace.fs and
 * posted with the message (a Web Worker cannot read workspace files); without cross-origin isolation there is no
 * SharedArrayBuffer, so the fast trainer runs on one thread and the run says why ('browser').
 */
import { preloadedDataFiles } from '../engine/data/data-files';
import { checkSpecWithData, DataShapeCache } from '../engine/spec/data-check';
import type { WorkerPlatform } from './platform';
import { startWebThread } from './webThreads';

declare const crossOriginIsolated: boolean | undefined;
declare const navigator: { hardwareConcurrency?: number } | undefined;
declare class MessageChannel { port1: { onmessage: (() => void) | null }; port2: { postMessage(message: unknown): void } }

const shapes = new DataShapeCache();

/** Runs the queued callbacks one per message: unlike setTimeout(0), not clamped to 4 ms when nested. */
function messageChannelDefer(): (next: () => void) => void {
  const channel = new MessageChannel();
  const queue: (() => void)[] = [];
  channel.port1.onmessage = () => queue.shift()?.();
  return (next) => { queue.push(next); channel.port2.postMessage(0); };
}

export function webWorkerPlatform(isolated = typeof crossOriginIsolated === 'boolean' && crossOriginIsolated): WorkerPlatform {
  return {
    dataFiles: (_specPath, _options, preloaded) => preloadedDataFiles(preloaded ?? {}),
    probe: (specPath, specText, options, preloaded) =>
      checkSpecWithData(specText, preloadedDataFiles(preloaded ?? {}), { memoryBudgetBytes: options.memoryBudgetBytes, cacheKey: [specPath] }, shapes),
    fastOptions: () => (isolated
      ? { cores: navigator?.hardwareConcurrency ?? 1, startThread: startWebThread, adoptData: true }
      : { threads: 1, adoptData: true }),
    threadsLimit: isolated ? undefined : 'browser',
    defer: messageChannelDefer(),
  };
}
