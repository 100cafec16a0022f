/** The Node worker's platform: data read with node:fs (contained in the workspace), helper threads as worker_threads. */
import { nodeFastOptions } from '../node/threads';
import { dataAccess } from './dataAccess';
import type { WorkerPlatform } from './platform';
import { probeDiagnostics } from './probe';

export const nodeWorkerPlatform: WorkerPlatform = {
  dataFiles: (specPath, options) => dataAccess(specPath, options),
  probe: (specPath, specText, options) => probeDiagnostics(specPath, specText, options),
  fastOptions: () => nodeFastOptions(),
  defer: setImmediate,
};
