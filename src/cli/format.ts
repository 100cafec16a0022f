/** Terminal output: diagnostic lines and a progress bar (tables and numbers: engine/text-table.ts). */
import type { SpecDiagnostic } from '../engine/spec/diagnostics';

export function diagnosticLine(file: string, d: SpecDiagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message} [${d.code}]`;
}

/** A one-line progress bar written to stderr, overwritten in place. */
export function progressBar(done: number, total: number, label: string): string {
  const width = 28;
  const filled = Math.round((done / Math.max(1, total)) * width);
  return `\r${label} [${'█'.repeat(filled)}${'·'.repeat(width - filled)}] ${done}/${total}`;
}
