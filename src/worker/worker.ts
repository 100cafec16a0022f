/** Training worker entry (dist/worker.js): a parentPort adapter around the cooperative TrainingLoop, on Node's platform. */
import { parentPort } from 'node:worker_threads';
import { lowerThisThreadPriority } from '../node/threadPriority';
import type { HostToWorker } from '../protocol';
import { nodeWorkerPlatform } from './nodePlatform';
import { TrainingLoop } from './trainingLoop';

if (!parentPort) throw new Error('worker.js must run in a worker thread');
const port = parentPort;
// Training takes a whole core for minutes: the editor, the monitor and a Pause click come first when cores are short.
lowerThisThreadPriority();
const loop = new TrainingLoop({ post: (message, transfer) => port.postMessage(message, transfer ?? []) }, () => performance.now(), nodeWorkerPlatform.defer, nodeWorkerPlatform);
port.on('message', (message: HostToWorker) => loop.handle(message));
