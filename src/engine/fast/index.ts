/** The fast path's entry point for hosts (CLI, worker, bench): pick it when it can train the spec. */
import type { Dataset } from '../data/dataset';
import type { NetworkSpec } from '../spec/types';
import type { LayerParameters } from '../train/training-types';
import { defaultFastThreads, FastTrainer, fastPathUnsupported } from './fastTrainer';
import type { ThreadStarter } from './threads';

export { FastTrainer } from './fastTrainer';
export { type HelperInit, type ThreadStarter } from './threads';

export interface FastTrainerRequest {
  initial?: LayerParameters[];
  /** Explicit thread count (a CLI flag); otherwise spec.training.threads, else `cores` for big nets. */
  threads?: number;
  cores?: number;
  /** Starts helper threads (src/node/threads.ts, src/worker/webThreads.ts); without it the run is single-threaded. */
  startThread?: ThreadStarter;
  /** Let the trainer replace the splits' feature arrays by views of its copy (data held once). */
  adoptData?: boolean;
}

/**
 * A FastTrainer for the spec, or why the fast path cannot train it (no WebAssembly SIMD, a hidden softmax layer, or
 * more memory than a 32-bit WebAssembly memory holds): the caller then uses the reference trainer and says so.
 */
export function tryCreateFastTrainer(spec: NetworkSpec, dataset: Dataset, request: FastTrainerRequest = {}): FastTrainer | { unavailable: string } {
  const problem = fastPathUnsupported(spec);
  if (problem) return { unavailable: problem };
  const threads = request.threads ?? defaultFastThreads(spec, request.cores ?? 1);
  try {
    return new FastTrainer(spec, dataset, { initial: request.initial, threads, startThread: request.startThread, adoptData: request.adoptData });
  } catch (e) {
    if (e instanceof RangeError) return { unavailable: `its WebAssembly memory cannot be allocated (${e.message})` }; // > 4 GiB
    throw e;
  }
}
