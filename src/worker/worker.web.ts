/**
 * Training worker entry of the browser build: a Web Worker started by the extension host from a blob URL (its source
 * is inlined in dist/web/extension.js), around the same TrainingLoop on the browser's platform.
 */
import type { HostToWorker, WorkerToHost } from '../protocol';
import { TrainingLoop } from './trainingLoop';
import { webWorkerPlatform } from './webPlatform';

declare const self: {
  postMessage(message: WorkerToHost, transfer: ArrayBuffer[]): void;
  onmessage: ((event: { data: HostToWorker }) => void) | null;
};

const platform = webWorkerPlatform();
const loop = new TrainingLoop({ post: (message, transfer) => self.postMessage(message, transfer ?? []) }, () => performance.now(), platform.defer, platform);
self.onmessage = (event) => loop.handle(event.data);
