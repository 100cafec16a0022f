/** Terminal output: diagnostic lines and a progress bar (tables and numbers: engine/check/gradcheck-table.ts). */
import { findNodeAtLocation, parseTree, type JSONPath } from 'jsonc-parser';
import { LineIndex, type SpecDiagnostic } from '../engine/spec/diagnostics';

export function diagnosticLine(file: string, d: SpecDiagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message} [${d.code}]`;
}

/** A one-line progress bar written to stderr, overwritten in place. */
export function progressBar(done: number, total: number, label: string): string {
  const width = 28;
  const filled = Math.round((done / Math.max(1, total)) * width);
  return `\r${label} [${'█'.repeat(filled)}${'·'.repeat(width - filled)}] ${done}/${total}`;
}

/** `file:line:column` of the value at `path` in the spec text (line 1, column 1 when the path is not there). */
export function specLocation(specPath: string, specText: string, path: JSONPath): string {
  const tree = parseTree(specText, [], { allowTrailingComma: true });
  const node = tree && findNodeAtLocation(tree, path);
  const at = node ? new LineIndex(specText).positionAt(node.offset) : { line: 0, character: 0 };
  return `${specPath}:${at.line + 1}:${at.character + 1}`;
}
