/** Gradient-check results → table rows, worst entries and scatter points (DOM-free). */
import { gradCheckVerdict, worstVerdict } from '../../src/engine/check/gradcheck-report';
import type { GradCheckEntry, GradCheckResult, GradCheckVerdict } from '../../src/protocol';
import { formatNumber } from './numberFormat';

type TensorName = 'W' | 'b' | 'δ';

/** A W/b/δ cell: its mark, words and colour all come from the engine's verdict (never from re-banding the number). */
interface TensorCell { verdict: GradCheckVerdict; text: string; title: string }

export interface GradCheckRow {
  layer: number;
  cells: [TensorCell, TensorCell, TensorCell];
  /** The worst of the three cells' verdicts: the row's numbers take its colour. */
  verdict: GradCheckVerdict;
  maxRelError: number;
  medianRelError: number;
  kinks: number;
  atNoiseFloor: number;
  checked: number;
}

const VERDICT_MARK: Record<GradCheckVerdict, string> = { pass: '✓', noise: '≈', warn: '⚠', fail: '✗' };
const VERDICT_WORD: Record<GradCheckVerdict, string> = { pass: 'pass', noise: 'noise floor', warn: 'warn', fail: 'fail' };

function tensorCell(t: GradCheckResult['layers'][number]['weights']): TensorCell {
  const number = t.verdict === 'noise' ? '' : ` ${formatNumber(t.maxRelError)}`;
  return {
    verdict: t.verdict,
    text: `${VERDICT_MARK[t.verdict]} ${VERDICT_WORD[t.verdict]}${number}`,
    title: `max ${formatNumber(t.maxRelError)}, median ${formatNumber(t.medianRelError)} (above the noise floor), ${t.checked} entries, ${t.atNoiseFloor} at the noise floor, ${t.kinks} kink(s)`,
  };
}

/** The mark and words of a verdict, for entries and history rows. */
export function verdictLabel(verdict: GradCheckVerdict): string {
  return `${VERDICT_MARK[verdict]} ${VERDICT_WORD[verdict]}`;
}

/** One row per layer: W^l, b^l and δ^l verdicts; the largest max and median relative error of the three. */
export function gradCheckRows(result: GradCheckResult): GradCheckRow[] {
  return result.layers.map((l) => {
    const tensors = [l.weights, l.biases, l.delta];
    return {
      layer: l.layer,
      cells: [tensorCell(l.weights), tensorCell(l.biases), tensorCell(l.delta)],
      verdict: worstVerdict(tensors.map((t) => t.verdict)),
      maxRelError: Math.max(...tensors.map((t) => t.maxRelError)),
      medianRelError: Math.max(...tensors.map((t) => t.medianRelError)),
      kinks: tensors.reduce((sum, t) => sum + t.kinks, 0),
      atNoiseFloor: tensors.reduce((sum, t) => sum + t.atNoiseFloor, 0),
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

const SEVERITY: Record<GradCheckVerdict, number> = { fail: 3, warn: 2, pass: 1, noise: 0 };

/** The `n` worst entries (from each tensor's worst list): by verdict (fail, warn, pass, noise floor), then relative error. */
export function worstEntries(result: GradCheckResult, n: number): LocatedEntry[] {
  return allEntries(result, 'worst').sort((a, b) => SEVERITY[b.verdict] - SEVERITY[a.verdict] || b.relError - a.relError).slice(0, n);
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

/** One line per past check, newest first: step, the engine's verdict, largest relative error, culprit layer. */
export function historyRows(checks: readonly GradCheckResult[], n: number): { step: number; verdict: 'pass' | 'warn' | 'fail'; worst: number; culprit: number | null }[] {
  return checks.slice(-n).reverse().map((c) => {
    const { verdict, worst } = gradCheckVerdict(c);
    return { step: c.step, verdict, worst, culprit: c.culpritLayer };
  });
}

/** One line: step, the engine's verdict sentence (the notification's), ε and the number of samples. */
export function summaryText(result: GradCheckResult): string {
  return `Gradient check at step ${result.step}: ${gradCheckVerdict(result).sentence} · ε = ${formatNumber(result.epsilon)} · ${result.samples} sample(s)`;
}
