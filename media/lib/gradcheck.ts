/** Gradient-check results → table rows, worst entries and scatter points (DOM-free). */
import type { GradCheckEntry, GradCheckResult, GradCheckTensor } from '../../src/protocol';
import { errorBand, formatNumber, type ErrorBand } from './diagnose';

export type TensorName = 'W' | 'b' | 'δ';

export interface TensorCell { verdict: GradCheckTensor['verdict']; text: string; band: ErrorBand; title: string }

export interface GradCheckRow {
  layer: number;
  cells: [TensorCell, TensorCell, TensorCell];
  maxRelError: number;
  medianRelError: number;
  kinks: number;
  checked: number;
}

const VERDICT_MARK: Record<GradCheckTensor['verdict'], string> = { pass: '✓', warn: '⚠', fail: '✗' };

function tensorCell(t: GradCheckTensor): TensorCell {
  return {
    verdict: t.verdict,
    text: `${VERDICT_MARK[t.verdict]} ${t.verdict} ${formatNumber(t.maxRelError)}`,
    band: errorBand(t.maxRelError),
    title: `max ${formatNumber(t.maxRelError)}, median ${formatNumber(t.medianRelError)}, ${t.checked} entries, ${t.kinks} kink(s)`,
  };
}

/** One row per layer: W^l, b^l and δ^l verdicts; the largest max and median relative error of the three. */
export function gradCheckRows(result: GradCheckResult): GradCheckRow[] {
  return result.layers.map((l) => {
    const tensors = [l.weights, l.biases, l.delta];
    return {
      layer: l.layer,
      cells: [tensorCell(l.weights), tensorCell(l.biases), tensorCell(l.delta)],
      maxRelError: Math.max(...tensors.map((t) => t.maxRelError)),
      medianRelError: Math.max(...tensors.map((t) => t.medianRelError)),
      kinks: tensors.reduce((sum, t) => sum + t.kinks, 0),
      checked: tensors.reduce((sum, t) => sum + t.checked, 0),
    };
  });
}

export interface LocatedEntry extends GradCheckEntry { layer: number; tensor: TensorName }

/** Every checked entry of every tensor, labelled with its layer and tensor. */
export function allEntries(result: GradCheckResult, pick: 'entries' | 'worst' = 'entries'): LocatedEntry[] {
  return result.layers.flatMap((l) => ([['W', l.weights], ['b', l.biases], ['δ', l.delta]] as const)
    .flatMap(([tensor, t]) => t[pick].map((e) => ({ ...e, layer: l.layer, tensor }))));
}

/** The `n` entries with the largest relative error (from each tensor's worst list), largest first. */
export function worstEntries(result: GradCheckResult, n: number): LocatedEntry[] {
  return allEntries(result, 'worst').sort((a, b) => b.relError - a.relError).slice(0, n);
}

/** "W¹[3,0]" style label of an entry. */
export function entryLabel(e: LocatedEntry): string {
  return `${e.tensor}${e.layer}[${e.index.join(',')}]`;
}

/** Signed log scale for the analytic-vs-numeric scatter: sign(v)·log10(1 + |v|/τ), odd and monotone. */
export function symlog(v: number, tau: number): number {
  return Math.sign(v) * Math.log10(1 + Math.abs(v) / tau);
}

/** τ for symlog: 1e-4 of the largest magnitude (so four decades stay visible), 1e-12 when all values are 0. */
export function symlogTau(entries: readonly GradCheckEntry[]): number {
  let max = 0;
  for (const e of entries) max = Math.max(max, Math.abs(e.analytic), Math.abs(e.numeric));
  return max > 0 ? max * 1e-4 : 1e-12;
}

/** One line per past check, newest first: step, verdict, largest relative error, culprit layer. */
export function historyRows(checks: readonly GradCheckResult[], n: number): { step: number; passed: boolean; worst: number; culprit: number | null }[] {
  return checks.slice(-n).reverse().map((c) => ({
    step: c.step, passed: c.passed, culprit: c.culpritLayer,
    worst: Math.max(0, ...c.layers.flatMap((l) => [l.weights.maxRelError, l.biases.maxRelError, l.delta.maxRelError])),
  }));
}

/** One line: step, passed or failed (with the first wrong layer), ε and the number of samples. */
export function summaryText(result: GradCheckResult): string {
  const verdict = result.passed ? 'passed' : `failed${result.culpritLayer !== null ? ` (first wrong layer: ${result.culpritLayer})` : ''}`;
  return `Gradient check at step ${result.step}: ${verdict} · ε = ${formatNumber(result.epsilon)} · ${result.samples} sample(s)`;
}
