/** Diagnostics that need the data (feature and class counts, unreadable files), computed in the worker. */
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { DataError } from '../engine/data/dataset';
import { prepareRun, SpecError } from '../engine/run';
import { LineIndex, type SpecRange } from '../engine/spec/diagnostics';
import { validateSpec } from '../engine/spec';
import type { ProbeDiagnostic, RunOptions } from '../protocol';
import { dataAccess } from './dataAccess';

/** JSON paths in `data` that name files. */
const FILE_PATHS: (string | number)[][] = [
  ['data', 'csv'], ['data', 'testCsv'], ['data', 'idx', 'trainImages'], ['data', 'idx', 'trainLabels'],
  ['data', 'idx', 'testImages'], ['data', 'idx', 'testLabels'],
];

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
    message: outside || !where ? error.message : `${where}: ${error.message}`,
  };
}

/** Every diagnostic of the spec, data-shape ones included (the data is loaded here, off the host thread). */
export function probeDiagnostics(specPath: string, specText: string, options: RunOptions): ProbeDiagnostic[] {
  const access = dataAccess(specPath, options);
  const structural = validateSpec(specText, { fileExists: access.fileExists });
  if (structural.some((d) => d.severity === 'error')) return structural;
  try {
    return prepareRun(specText, access.readFile, { gunzip: access.gunzip }).diagnostics;
  } catch (error) {
    if (error instanceof SpecError) return error.diagnostics;
    if (error instanceof DataError) return [...structural, dataDiagnostic(specText, error)];
    throw error;
  }
}
