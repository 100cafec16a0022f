/** The spec's data files as an exported project opens them: relative to its folder, so the project can move with its data. */
import { isCsvData, isIdxData, type NetworkSpec } from '../spec/types';
import type { PathOps } from '../text/posix-path';

/** Each data path of the spec (csv, testCsv; trainImages … testLabels), seen from `outDir`; null when not set, {} for builtin data. */
export function exportDataPathsWith(path: PathOps, spec: NetworkSpec, specPath: string, outDir: string): Record<string, string | null> {
  const from = (written: string | undefined) => (written === undefined ? null : path.relative(outDir, path.resolve(path.dirname(path.resolve(specPath)), written)));
  const data = spec.data;
  if (isCsvData(data)) return { csv: from(data.csv), testCsv: from(data.testCsv) };
  if (isIdxData(data)) return { trainImages: from(data.idx.trainImages), trainLabels: from(data.idx.trainLabels), testImages: from(data.idx.testImages), testLabels: from(data.idx.testLabels) };
  return {};
}
