/**
 * Data loaders, pure: files come in as text or bytes through a callback, so the engine never touches the
 * file system. buildDataset dispatches a spec's `data` to the builtin, CSV or IDX loader.
 */
import { DEFAULTS, IdxDataSpec, NetworkSpec, isBuiltinData, isCsvData, isIdxData } from '../spec/types';
import { Dataset, DataError, type NormalizationStats } from './dataset';
import { generateBuiltin } from './synthetic';
import { parseCsvDataset } from './csv';
import { isGzip, parseIdx, IdxArray } from './idx';
import { idxDataset } from './idx-dataset';

export * from './dataset';
export { generateBuiltin } from './synthetic';
export { parseCsvDataset } from './csv';

/**
 * Reads a data file named in the spec, exactly as written there (relative paths are relative to the spec file:
 * resolving them is the caller's job). May throw; buildDataset reports that as a DataError naming the path.
 */
export type ReadDataFile = (path: string, as: 'text' | 'bytes') => string | Uint8Array;

export interface BuildDatasetOptions {
  /** Un-gzips bytes (e.g. node:zlib gunzipSync); without it a gzipped IDX file is a DataError. */
  gunzip?: (bytes: Uint8Array) => Uint8Array;
  /** A saved model's normalisation (--init, Continue Training): CSV features are mapped with it, not a fitted one. */
  savedNormalization?: NormalizationStats | null;
}

/** readFile with failures turned into DataError, checking it returned the kind asked for. */
function readAs<K extends 'text' | 'bytes'>(readFile: ReadDataFile, path: string, as: K): K extends 'text' ? string : Uint8Array {
  let content: string | Uint8Array;
  try {
    content = readFile(path, as);
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`, path);
  }
  const ok = as === 'text' ? typeof content === 'string' : content instanceof Uint8Array;
  if (!ok) throw new DataError(`reading ${path} as ${as} gave ${typeof content === 'string' ? 'text' : 'bytes'}`, path);
  return content as K extends 'text' ? string : Uint8Array;
}

/** The last path segment, for names in messages. */
function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** Reads, un-gzips when needed, and parses one IDX file. */
function readIdx(readFile: ReadDataFile, path: string, options: BuildDatasetOptions): IdxArray {
  let bytes = readAs(readFile, path, 'bytes');
  if (isGzip(bytes)) {
    if (!options.gunzip) throw new DataError(`${path} is gzip-compressed and no gunzip was provided`, path);
    try {
      bytes = options.gunzip(bytes);
    } catch (e) {
      throw new DataError(`${path} byte 0: not a valid gzip stream (${e instanceof Error ? e.message : String(e)})`, path);
    }
  }
  return parseIdx(bytes, path);
}

/** IDX images and labels (train, and test when both test files are named) → Dataset. */
function buildIdx(data: IdxDataSpec, seed: number, readFile: ReadDataFile, options: BuildDatasetOptions): Dataset {
  const files = data.idx;
  const read = (path: string | undefined): IdxArray | undefined => (path === undefined ? undefined : readIdx(readFile, path, options));
  return idxDataset(read(files.trainImages)!, read(files.trainLabels)!, read(files.testImages), read(files.testLabels), {
    testFraction: data.testFraction, limit: data.limit, seed, name: baseName(files.trainImages),
  });
}

/** The spec's data set, generated or read through `readFile`, split with spec.seed (default 1). */
export function buildDataset(spec: NetworkSpec, readFile: ReadDataFile, options: BuildDatasetOptions = {}): Dataset {
  const seed = spec.seed ?? DEFAULTS.seed;
  const data = spec.data;
  if (data && isBuiltinData(data)) return generateBuiltin(data, seed);
  if (data && isCsvData(data)) {
    const text = readAs(readFile, data.csv, 'text');
    const testText = data.testCsv === undefined ? undefined : readAs(readFile, data.testCsv, 'text');
    const csvOptions = { integerTargetsAreClasses: spec.loss === 'cross_entropy', savedNormalization: options.savedNormalization };
    return { ...parseCsvDataset(text, data, data.csv, seed, testText, csvOptions), name: baseName(data.csv) };
  }
  if (data && isIdxData(data)) return buildIdx(data, seed, readFile, options);
  throw new DataError('data must name exactly one of "builtin", "csv" or "idx"');
}
