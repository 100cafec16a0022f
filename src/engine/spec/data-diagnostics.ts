/**
 * A spec checked against its data, shared by `backprop-lens validate` and the editor's data probe: every problem
 * keeps its own JSON path, range and code, and data problems are reported beside spec problems elsewhere.
 */
import { getNodeValue, parseTree } from 'jsonc-parser';
import { DataError, TargetColumnError } from '../data/dataset';
import { checkBudget, estimateNetworkBytes, ResourceError } from '../train/resources';
import { LineIndex, type JsonPath, type SpecDataInfo, type SpecDiagnostic, type SpecRange } from './diagnostics';
import { nodeAtPath } from './reporter';
import { parseSpecText, validateSpec } from './';
import type { NetworkSpec } from './types';

/** What checking against the data needs from the caller (who owns the file system). */
export interface DataCheck {
  /** Whether a data path, as written in the spec, exists. */
  fileExists: (written: string) => boolean;
  /** The shape of the data `dataSpec` names; throws DataError (or ResourceError) when it cannot be loaded. */
  loadShape: (dataSpec: NetworkSpec) => SpecDataInfo;
  /** The network alone over this is an error on `layers`. */
  memoryBudgetBytes?: number;
}

/** JSON paths in `data` that name files. */
const FILE_PATHS: JsonPath[] = [
  ['data', 'csv'], ['data', 'testCsv'], ['data', 'idx', 'trainImages'], ['data', 'idx', 'trainLabels'],
  ['data', 'idx', 'testImages'], ['data', 'idx', 'testLabels'],
];

/** The data files the spec text names (as written), whatever else is wrong with it. */
export function dataFilesNamed(text: string): string[] {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const named = FILE_PATHS.map((path) => tree && nodeAtPath(tree, path)).filter((node) => node?.type === 'string');
  return [...new Set(named.map((node) => String(node!.value)).filter((file) => file !== ''))];
}

/** Every diagnostic of the spec text, the data-based ones included; the data is loaded when its section is valid. */
export function validateWithData(text: string, check: DataCheck): SpecDiagnostic[] {
  const structural = validateSpec(text, { fileExists: check.fileExists });
  const spec = parseSpecText(text).spec;
  const overBudget = spec && networkBudgetDiagnostic(text, spec, check.memoryBudgetBytes);
  if (overBudget) return inTextOrder([...structural, overBudget]);
  const dataSpec = loadableDataSpec(text, structural);
  if (!dataSpec) return structural;
  try {
    return validateSpec(text, { dataInfo: check.loadShape(dataSpec), fileExists: check.fileExists });
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    return inTextOrder([...structural, dataErrorDiagnostic(text, error)]);
  }
}

/** The spec's `data` with `seed` and `loss` (what loading depends on), when no error touches them; else undefined. */
function loadableDataSpec(text: string, structural: SpecDiagnostic[]): NetworkSpec | undefined {
  const errors = structural.filter((d) => d.severity === 'error');
  if (errors.some((d) => d.path.length === 0 || d.path[0] === 'data')) return undefined;
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const valueAt = (key: string) => (errors.some((d) => d.path[0] === key) ? undefined : nodeValue(tree && nodeAtPath(tree, [key])));
  const data = valueAt('data');
  if (typeof data !== 'object' || data === null) return undefined;
  return { data, seed: valueAt('seed'), loss: valueAt('loss') } as NetworkSpec;
}

function nodeValue(node: Parameters<typeof getNodeValue>[0] | undefined): unknown {
  return node ? getNodeValue(node) : undefined;
}

/** A data error as a diagnostic on the spec value it is about: data.target, or the value naming the file. */
function dataErrorDiagnostic(text: string, error: DataError): SpecDiagnostic {
  const where = [error.file, error.line, error.column].filter((v) => v !== undefined).join(':');
  if (error instanceof TargetColumnError) {
    return { severity: 'error', code: 'target-column-missing', ...locate(text, ['data', 'target']), message: error.message, data: { file: error.file, columns: error.columns } };
  }
  const outside = (error as { code?: string }).code === 'data-outside-workspace';
  const alreadySaysWhere = outside || !where || (error.file !== undefined && error.message.startsWith(error.file));
  const code = outside ? 'data-outside-workspace' : error instanceof ResourceError ? 'over-memory-budget' : 'data-error';
  return {
    severity: 'error', code, ...locateFile(text, error.file),
    message: alreadySaysWhere ? error.message : `${where}: ${error.message}`,
  };
}

/** The path and range of the value at `path`, else of `data`, else of the text's start. */
function locate(text: string, path: JsonPath): { path: JsonPath; range: SpecRange } {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const lines = new LineIndex(text);
  for (const candidate of [path, ['data']]) {
    const node = tree && nodeAtPath(tree, candidate);
    if (node) return { path: candidate, range: lines.rangeAt(node.offset, node.length) };
  }
  return { path: [], range: lines.rangeAt(0, 0) };
}

/** The spec value naming `file` (else `data`). */
function locateFile(text: string, file: string | undefined): { path: JsonPath; range: SpecRange } {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const named = FILE_PATHS.find((path) => file !== undefined && tree && nodeAtPath(tree, path)?.value === file);
  return locate(text, named ?? ['data']);
}

/** The network alone over the memory budget (resources.ts): an error on `layers`, with the figure. */
function networkBudgetDiagnostic(text: string, spec: NetworkSpec, budget: number | undefined): SpecDiagnostic | undefined {
  if (budget === undefined) return undefined;
  try {
    checkBudget(estimateNetworkBytes(spec), budget, 'the network');
    return undefined;
  } catch (error) {
    if (!(error instanceof ResourceError)) throw error;
    return { severity: 'error', code: 'over-memory-budget', ...locate(text, ['layers']), message: error.message };
  }
}

function inTextOrder(diagnostics: SpecDiagnostic[]): SpecDiagnostic[] {
  return [...diagnostics].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
