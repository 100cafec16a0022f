/**
 * Diagnostics that need the data (feature and class counts, unreadable files), computed in the worker.
 * The data's shape is cached per data section and file modification times, so edits to the rest of the spec
 * re-validate without reloading the data.
 */
import { statSync } from 'node:fs';
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { checkBudget, estimateNetworkBytes, ResourceError } from '../engine/resources';
import { buildDatasetWithinBudget } from '../engine/run';
import { DataError } from '../engine/data/dataset';
import { LineIndex, type SpecDataInfo, type SpecRange } from '../engine/spec/diagnostics';
import { parseSpecText, validateSpec } from '../engine/spec';
import type { NetworkSpec } from '../engine/spec/types';
import type { ProbeDiagnostic, RunOptions } from '../protocol';
import { dataAccess, resolveDataPath } from './dataAccess';

/** JSON paths in `data` that name files. */
const FILE_PATHS: (string | number)[][] = [
  ['data', 'csv'], ['data', 'testCsv'], ['data', 'idx', 'trainImages'], ['data', 'idx', 'trainLabels'],
  ['data', 'idx', 'testImages'], ['data', 'idx', 'testLabels'],
];
const CACHE_SIZE = 8;
const shapeCache = new Map<string, SpecDataInfo | DataError>();

/** The path and range of the spec value naming `file`, else of `data`, else of the whole text. */
function locateFile(specText: string, file: string | undefined): { path: (string | number)[]; range: SpecRange } {
  const tree = parseTree(specText, [], { allowTrailingComma: true });
  const lines = new LineIndex(specText);
  const rangeOf = (node: Node) => lines.rangeAt(node.offset, node.length);
  for (const path of FILE_PATHS) {
    const node = tree && findNodeAtLocation(tree, path);
    if (node && node.value === file) return { path, range: rangeOf(node) };
  }
  const data = tree && findNodeAtLocation(tree, ['data']);
  return data ? { path: ['data'], range: rangeOf(data) } : { path: [], range: lines.rangeAt(0, 0) };
}

/** A data error as a diagnostic on the spec value that names the file. */
export function dataDiagnostic(specText: string, error: DataError): ProbeDiagnostic {
  const where = [error.file, error.line, error.column].filter((v) => v !== undefined).join(':');
  const outside = /outside the workspace folder/.test(error.message);
  return {
    severity: 'error', ...locateFile(specText, error.file), code: outside ? 'data-outside-workspace' : 'data-error',
    message: outside || !where || (error.file !== undefined && error.message.startsWith(error.file)) ? error.message : `${where}: ${error.message}`,
  };
}

/** What the data's shape depends on: the data section, seed, options and the files' modification times. */
function shapeKey(specPath: string, spec: NetworkSpec, options: RunOptions): string {
  const data = spec.data as unknown as Record<string, unknown>;
  const files = [data.csv, data.testCsv, ...Object.values((data.idx ?? {}) as Record<string, unknown>)].filter((f): f is string => typeof f === 'string');
  const stamps = files.map((f) => {
    try {
      return statSync(resolveDataPath(specPath, f, options)).mtimeMs;
    } catch {
      return 'none';
    }
  });
  return JSON.stringify([specPath, spec.data, spec.seed, options.allowDataOutsideWorkspace, options.workspaceRoot, options.memoryBudgetBytes, stamps]);
}

/** The data's shape (or why it cannot be loaded), from the cache or by loading it. */
function dataShape(specPath: string, spec: NetworkSpec, options: RunOptions): SpecDataInfo | DataError {
  const key = shapeKey(specPath, spec, options);
  const cached = shapeCache.get(key);
  if (cached) return cached;
  const access = dataAccess(specPath, options);
  let shape: SpecDataInfo | DataError;
  try {
    const d = buildDatasetWithinBudget(spec, access.readFile, { gunzip: access.gunzip, memoryBudgetBytes: options.memoryBudgetBytes }, true);
    shape = { inputSize: d.inputSize, outputSize: d.outputSize, task: d.task, classCount: d.classNames?.length, sampleCount: d.train.count };
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    shape = error;
  }
  if (shapeCache.size >= CACHE_SIZE) shapeCache.delete(shapeCache.keys().next().value!);
  shapeCache.set(key, shape);
  return shape;
}

/** Every diagnostic of the spec, data-shape ones included (the data is loaded here, off the host thread). */
export function probeDiagnostics(specPath: string, specText: string, options: RunOptions): ProbeDiagnostic[] {
  const access = dataAccess(specPath, options);
  const structural = validateSpec(specText, { fileExists: access.fileExists });
  const spec = parseSpecText(specText).spec;
  if (!spec || structural.some((d) => d.severity === 'error')) return structural;
  const overBudget = networkBudgetDiagnostic(specText, spec, options.memoryBudgetBytes);
  if (overBudget) return [...structural, overBudget];
  const shape = dataShape(specPath, spec, options);
  if (shape instanceof DataError) return [...structural, dataDiagnostic(specText, shape)];
  return validateSpec(specText, { dataInfo: shape, fileExists: access.fileExists });
}

/** The network alone over the memory budget (src/engine/resources.ts): an error on `layers`, with the figure. */
function networkBudgetDiagnostic(specText: string, spec: NetworkSpec, budget: number | undefined): ProbeDiagnostic | null {
  if (budget === undefined) return null;
  try {
    checkBudget(estimateNetworkBytes(spec), budget, 'the network');
    return null;
  } catch (error) {
    if (!(error instanceof ResourceError)) throw error;
    const tree = parseTree(specText, [], { allowTrailingComma: true });
    const layers = tree && findNodeAtLocation(tree, ['layers']);
    const lines = new LineIndex(specText);
    return { severity: 'error', code: 'data-error', path: ['layers'], message: error.message, range: layers ? lines.rangeAt(layers.offset, layers.length) : lines.rangeAt(0, 0) };
  }
}
