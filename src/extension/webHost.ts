/**
 * The browser's platform (vscode.dev, github.dev, code-server's web-worker extension host): Web Workers from blob
 * URLs fed the data files the host reads through workspace.fs, '/'-paths of URIs. No local file system: run folders
 * and exports are written with workspace.fs alone (whole-file writes; a temp file renamed over the target).
 */
import { exportDataPathsWith } from '../engine/export/data-paths';
import { posixPath } from '../engine/text/posix-path';
import type { HostPlatform } from './platform';
import { preloadSpecData } from './session/dataPreload';
import { specRunLinks } from './session/specRunLinks';
import { WebWorkerLike } from './session/webWorker';

export function webHostPlatform(workerSource: string): HostPlatform {
  return {
    kind: 'web',
    createWorker: () => WebWorkerLike.start(workerSource, preloadSpecData),
    readsDataOf: () => true, // the host reads the files through workspace.fs and posts them (dataPreload.ts)
    specRuns: specRunLinks(posixPath),
    path: posixPath,
    exportDataPaths: (spec, specPath, outDir) => exportDataPathsWith(posixPath, spec, specPath, outDir),
  };
}
