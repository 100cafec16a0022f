/** File access for the CLI: data paths relative to the spec file, gzip handled with node:zlib (src/node/dataFiles.ts). */
import { nodeDataFiles, type NodeDataFiles } from '../node/dataFiles';

/**
 * Reads data files named in a spec: relative paths resolve against the spec's folder. The CLI is the user's own
 * shell command, so any path the user can read is allowed (no workspace); files over the memory budget are refused.
 */
export function dataReader(specPath: string, memoryBudgetBytes?: number): NodeDataFiles {
  return nodeDataFiles(specPath, { allowOutside: true, maxFileBytes: memoryBudgetBytes });
}
