/** Plain-text tables and numbers for terminals and log channels: the gradient-check table the CLI and the extension print. */
import { gradCheckVerdict, type GradCheckReport, type TensorCheck } from './gradcheck';

/** A number in 4 decimals (or 2-digit exponent form when tiny or huge); '—' for none. */
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
