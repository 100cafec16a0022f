/** Terminal output: tables, numbers and a progress bar. */
import { gradCheckVerdict, type GradCheckReport, type TensorCheck } from '../engine/gradcheck';
import type { SpecDiagnostic } from '../engine/spec/diagnostics';

export function fmt(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5)) return x.toExponential(2);
  return x.toFixed(digits);
}

/** Columns padded to their widest cell. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function tensorCell(t: TensorCheck): string {
  const floor = t.atNoiseFloor ? ` (${t.atNoiseFloor} at noise floor)` : '';
  const kinks = t.kinks ? ` (${t.kinks} kink${t.kinks > 1 ? 's' : ''})` : '';
  return `${t.verdict.padEnd(5)} ${t.verdict === 'noise' ? '' : fmt(t.maxRelError)}${floor}${kinks}`;
}

export function gradCheckTable(report: GradCheckReport): string {
  const rows = report.layers.map((l) => [String(l.layer), tensorCell(l.weights), tensorCell(l.biases), tensorCell(l.delta)]);
  const lines = [table(['layer', 'W: max rel. error', 'b: max rel. error', 'δ: max rel. error'], rows)];
  for (const l of report.layers) {
    for (const [name, t] of [['W', l.weights], ['b', l.biases], ['δ', l.delta]] as const) {
      if (t.verdict !== 'fail') continue;
      for (const e of t.worst.slice(0, 3)) {
        lines.push(`  layer ${l.layer} ${name}[${e.index.join(',')}]: analytic ${fmt(e.analytic, 8)}, numeric ${fmt(e.numeric, 8)}, rel. error ${fmt(e.relError)}`);
      }
    }
  }
  lines.push(`ε = ${report.epsilon}, ${report.samples} sample(s); per entry, with d = |analytic − numeric| and ν = the numeric value's rounding noise: d ≤ 1e-7·|numeric| pass, d ≤ ν noise floor, d ≤ ν + 1e-4·|numeric| warn, else fail.`);
  lines.push(`Gradient check ${gradCheckVerdict(report).sentence}.`);
  return lines.join('\n');
}

export function diagnosticLine(file: string, d: SpecDiagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message} [${d.code}]`;
}

/** A one-line progress bar written to stderr, overwritten in place. */
export function progressBar(done: number, total: number, label: string): string {
  const width = 28;
  const filled = Math.round((done / Math.max(1, total)) * width);
  return `\r${label} [${'█'.repeat(filled)}${'·'.repeat(width - filled)}] ${done}/${total}`;
}
