/** Node's side of the fast path: helper threads as worker_threads, sized to the machine's cores. */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FastTrainerRequest, ThreadStarter } from '../engine/fast';

const startNodeThread: ThreadStarter = (source, init) => new Worker(source, { eval: true, workerData: init });

/** Fast-path settings for a Node host: an explicit thread count (a flag), else the spec's, else the cores. */
export function nodeFastOptions(threads?: number): Omit<FastTrainerRequest, 'initial'> {
  return { threads, cores: availableParallelism(), startThread: startNodeThread, adoptData: true };
}
