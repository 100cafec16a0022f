/** What the training loop needs from the thread it runs in (a Node worker_threads worker or a browser Web Worker), chosen at the worker's entry. */
import type { DataFiles } from '../engine/data/data-files';
import type { FastTrainerRequest } from '../engine/fast';
import type { PreloadedFiles, ProbeDiagnostic, RunInfo, RunOptions } from '../protocol';

export interface WorkerPlatform {
  /** The spec's data files: read from disk (Node) or the bytes the host posted with the message (browser). */
  dataFiles(specPath: string, options: RunOptions, preloaded: PreloadedFiles | undefined): DataFiles;
  /** Every diagnostic of the spec, data-shape ones included (the same check as `backprop-lens validate`). */
  probe(specPath: string, specText: string, options: RunOptions, preloaded: PreloadedFiles | undefined): ProbeDiagnostic[];
  /** Helper threads and their count for the fast trainer. */
  fastOptions(): Omit<FastTrainerRequest, 'initial'>;
  /** Set when the host holds the run to fewer threads than the machine has (shown in the monitor's header). */
  threadsLimit?: RunInfo['threadsLimit'];
  /** Runs `next` after pending messages (setImmediate in Node, a MessageChannel round trip in a browser). */
  defer(next: () => void): void;
}
