/**
 * Diagnostics that need the data (feature and class counts, unreadable files), computed in the worker with the same
 * check as `backprop-lens validate` (src/node/specDataCheck.ts), the data's shape cached across edits.
 */
import type { ProbeDiagnostic, RunOptions } from '../protocol';
import { DataShapeCache } from '../engine/spec/data-check';
import { checkSpecFile } from '../node/specDataCheck';

const shapes = new DataShapeCache();

/** Every diagnostic of the spec, data-shape ones included (the data is loaded here, off the host thread). */
export function probeDiagnostics(specPath: string, specText: string, options: RunOptions): ProbeDiagnostic[] {
  return checkSpecFile(specPath, specText, {
    workspaceRoot: options.workspaceRoot, allowOutside: options.allowDataOutsideWorkspace, memoryBudgetBytes: options.memoryBudgetBytes,
  }, shapes);
}
