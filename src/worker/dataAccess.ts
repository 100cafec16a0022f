/** Data files for the worker: paths resolve against the spec's folder and may not leave the workspace unless allowed. */
import { nodeDataFiles, type NodeDataFiles } from '../node/dataFiles';
import { resolveDataPath as resolveContained } from '../node/paths';

export { isInsideFolder } from '../node/paths';

export interface DataAccessOptions {
  /** The workspace folder holding the spec; without one, the spec's own folder is the boundary. */
  workspaceRoot?: string;
  allowDataOutsideWorkspace?: boolean;
  /** Files bigger than this are refused before they are read. */
  memoryBudgetBytes?: number;
}

export type DataAccess = NodeDataFiles;

/** Resolves a data path written in the spec (src/node/paths.ts); throws a DataError naming the path when it leaves the workspace. */
export function resolveDataPath(specPath: string, written: string, options: DataAccessOptions): string {
  return resolveContained(specPath, written, { workspaceRoot: options.workspaceRoot, allowOutside: options.allowDataOutsideWorkspace });
}

/** Reads data files named in a spec with node:fs (the extension host never holds a copy). */
export function dataAccess(specPath: string, options: DataAccessOptions): DataAccess {
  return nodeDataFiles(specPath, { workspaceRoot: options.workspaceRoot, allowOutside: options.allowDataOutsideWorkspace, maxFileBytes: options.memoryBudgetBytes });
}
