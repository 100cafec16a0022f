/**
 * validateWithData (src/engine/spec/data-diagnostics.ts) over node:fs: what `backprop-lens validate` and the editor's
 * data probe both run. The data's shape may be cached by the data section, seed, loss and the files' modification
 * times, so edits to the rest of the spec re-validate without reloading the data.
 */
import { statSync } from 'node:fs';
import { validateWithData } from '../engine/spec/data-diagnostics';
import { DataError } from '../engine/data/dataset';
import { buildDatasetWithinBudget } from '../engine/train/run';
import type { SpecDataInfo, SpecDiagnostic } from '../engine/spec/diagnostics';
import type { NetworkSpec } from '../engine/spec/types';
import { nodeDataFiles, type DataFileOptions } from './dataFiles';
import { resolveDataPath } from './paths';

export interface SpecFileCheckOptions extends DataFileOptions {
  /** The run's memory budget: the network alone, and each data file, are checked against it. */
  memoryBudgetBytes?: number;
}

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

/** Every diagnostic of the spec at `specPath` (text as given), with its data loaded from disk. */
export function checkSpecFile(specPath: string, specText: string, options: SpecFileCheckOptions, cache?: DataShapeCache): SpecDiagnostic[] {
  const files = nodeDataFiles(specPath, { ...options, maxFileBytes: options.maxFileBytes ?? options.memoryBudgetBytes });
  const load = (dataSpec: NetworkSpec): SpecDataInfo => {
    const d = buildDatasetWithinBudget(dataSpec, files.readFile, { gunzip: files.gunzip, memoryBudgetBytes: options.memoryBudgetBytes }, true);
    return { inputSize: d.inputSize, outputSize: d.outputSize, task: d.task, classCount: d.classNames?.length, sampleCount: d.train.count };
  };
  return validateWithData(specText, {
    fileExists: files.fileExists,
    memoryBudgetBytes: options.memoryBudgetBytes,
    loadShape: (dataSpec) => (cache ? cache.get(shapeKey(specPath, dataSpec, options), () => load(dataSpec)) : load(dataSpec)),
  });
}

/** What the data's shape depends on: the data section, seed, loss, options and the files' modification times. */
function shapeKey(specPath: string, dataSpec: NetworkSpec, options: SpecFileCheckOptions): string {
  const data = dataSpec.data as unknown as Record<string, unknown>;
  const files = [data.csv, data.testCsv, ...Object.values((data.idx ?? {}) as Record<string, unknown>)].filter((f): f is string => typeof f === 'string');
  const stamps = files.map((f) => {
    try {
      return statSync(resolveDataPath(specPath, f, options)).mtimeMs;
    } catch {
      return 'none';
    }
  });
  return JSON.stringify([specPath, dataSpec.data, dataSpec.seed, dataSpec.loss, options.allowOutside, options.workspaceRoot, options.memoryBudgetBytes, stamps]);
}
