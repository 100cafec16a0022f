/** The Node extension host's platform: worker_threads workers, crash-safe local writes, node:path, perf_hooks. */
import { appendFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { writeFileSyncedAsync } from '../node/atomic';
import { exportDataPaths } from '../node/exportDataPaths';
import { specFileFrom, linkedSpecPath, specRunsNewestFirst } from '../node/specRuns';
import { EVENT_LOOP_RESOLUTION_MS } from './monitor/monitorStats';
import type { HostPlatform } from './platform';
import type { WorkerLike } from './session/runSession';

export function nodeHostPlatform(workerPath: string): HostPlatform {
  const benchLogPath = process.env.BACKPROP_LENS_BENCH_LOG;
  return {
    kind: 'node',
    createWorker: () => new Worker(workerPath, { name: 'backprop-lens-training' }) as unknown as WorkerLike,
    readsDataOf: (uri) => uri.scheme === 'file',
    localFiles: { writeFileSynced: writeFileSyncedAsync, renameReplacing: rename },
    specRuns: { specFileFrom, linkedSpecPath, specRunsNewestFirst },
    path,
    exportDataPaths,
    eventLoopDelay: () => monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS }),
    benchLog: benchLogPath ? { path: benchLogPath, append: (line) => appendFileSync(benchLogPath, line) } : undefined,
  };
}
