/** The spec's diagnostics with its data read through node:fs (src/engine/spec/data-check.ts): the CLI's `validate` and the Node worker's probe. */
import { checkSpecWithData, type DataShapeCache } from '../engine/spec/data-check';
import type { SpecDiagnostic } from '../engine/spec/diagnostics';
import { nodeDataFiles, type DataFileOptions } from './dataFiles';

export interface SpecFileCheckOptions extends DataFileOptions {
  /** The run's memory budget: the network alone, and each data file, are checked against it. */
  memoryBudgetBytes?: number;
}

/** Every diagnostic of the spec at `specPath` (text as given), with its data loaded from disk. */
export function checkSpecFile(specPath: string, specText: string, options: SpecFileCheckOptions, cache?: DataShapeCache): SpecDiagnostic[] {
  const files = nodeDataFiles(specPath, { ...options, maxFileBytes: options.maxFileBytes ?? options.memoryBudgetBytes });
  const cacheKey = [specPath, options.allowOutside, options.workspaceRoot];
  return checkSpecWithData(specText, files, { memoryBudgetBytes: options.memoryBudgetBytes, cacheKey }, cache);
}
