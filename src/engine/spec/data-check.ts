/**
 * validateWithData (data-diagnostics.ts) over a host's DataFiles: what `backprop-lens validate` and the editor's data
 * probe both run. The data's shape may be cached by the data section, seed, loss and the files' stamps, so edits to
 * the rest of the spec re-validate without reloading the data.
 */
import { validateWithData } from './data-diagnostics';
import { DataError } from '../data/dataset';
import type { DataFiles } from '../data/data-files';
import { writtenDataPaths } from '../data/data-files';
import { buildDatasetWithinBudget } from '../train/run';
import type { SpecDataInfo, SpecDiagnostic } from './diagnostics';
import type { NetworkSpec } from './types';

/** Data shapes (or why the data cannot be loaded), keyed by shapeKey; the oldest entry goes first. */
export class DataShapeCache {
  private readonly entries = new Map<string, SpecDataInfo | DataError>();
  constructor(private readonly capacity = 8) {}

  /** The cached outcome for `key`, else `load()`'s (a DataError it throws is cached too). */
  get(key: string, load: () => SpecDataInfo): SpecDataInfo {
    let outcome = this.entries.get(key);
    if (outcome === undefined) {
      try {
        outcome = load();
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
        outcome = error;
      }
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, outcome);
    }
    if (outcome instanceof DataError) throw outcome;
    return outcome;
  }
}

export interface DataCheckOptions {
  memoryBudgetBytes?: number;
  /** Everything besides the data section and the files' stamps that the data's shape depends on (spec path, policy). */
  cacheKey?: unknown[];
}

/** Every diagnostic of the spec text with its data loaded through `files`. */
export function checkSpecWithData(specText: string, files: DataFiles, options: DataCheckOptions, cache?: DataShapeCache): SpecDiagnostic[] {
  const load = (dataSpec: NetworkSpec): SpecDataInfo => {
    const d = buildDatasetWithinBudget(dataSpec, files.readFile, { gunzip: files.gunzip, memoryBudgetBytes: options.memoryBudgetBytes }, true);
    return { inputSize: d.inputSize, outputSize: d.outputSize, task: d.task, classCount: d.classNames?.length, sampleCount: d.train.count };
  };
  const key = (dataSpec: NetworkSpec): string => JSON.stringify([
    ...(options.cacheKey ?? []), dataSpec.data, dataSpec.seed, dataSpec.loss, options.memoryBudgetBytes, writtenDataPaths(dataSpec.data).map(files.stamp),
  ]);
  return validateWithData(specText, {
    fileExists: files.fileExists,
    memoryBudgetBytes: options.memoryBudgetBytes,
    loadShape: (dataSpec) => (cache ? cache.get(key(dataSpec), () => load(dataSpec)) : load(dataSpec)),
  });
}
