/** Node's side of the fast path: helper threads as worker_threads, sized to the machine's cores. */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FastTrainerRequest, ThreadStarter } from '../engine/fast';

/** A helper thread's source for worker_threads with { eval: true, workerData: { module, memory, tid } }. */
const NODE_HELPER_SOURCE = `
const { workerData } = require('node:worker_threads');
const instance = new WebAssembly.Instance(workerData.module, { env: { memory: workerData.memory } });
instance.exports.workerLoop(workerData.tid);
`;

export const startNodeThread: ThreadStarter = (init) => new Worker(NODE_HELPER_SOURCE, { eval: true, workerData: init });

/** Fast-path settings for a Node host: an explicit thread count (a flag), else the spec's, else the cores. */
export function nodeFastOptions(threads?: number): Omit<FastTrainerRequest, 'initial'> {
  return { threads, cores: availableParallelism(), startThread: startNodeThread, adoptData: true };
}
