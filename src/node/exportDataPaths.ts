/** The spec's data paths seen from an export folder (src/engine/export/data-paths.ts) over node:path. */
import * as path from 'node:path';
import { exportDataPathsWith } from '../engine/export/data-paths';
import type { NetworkSpec } from '../engine/spec/types';

/** Each data path of the spec (csv, testCsv; trainImages … testLabels), seen from `outDir`; null when not set, {} for builtin data. */
export function exportDataPaths(spec: NetworkSpec, specPath: string, outDir: string): Record<string, string | null> {
  return exportDataPathsWith(path, spec, specPath, outDir);
}
