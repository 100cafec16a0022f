/** Relative errors, verdict bands (CS231n) and per-tensor summaries for the gradient check. */
import { Rng } from './rng';

export type Verdict = 'pass' | 'warn' | 'fail';

/** rel. error ≤ 1e-7: pass; ≤ 1e-4: warn; above: fail. */
export const PASS_THRESHOLD = 1e-7;
export const WARN_THRESHOLD = 1e-4;
/** Gradients smaller than this are compared absolutely (float64 centered differences carry ~1e-11 of noise). */
export const ABSOLUTE_FLOOR = 1e-6;

export interface EntryResult {
  index: number[];
  analytic: number;
  numeric: number;
  kink: boolean;
  relError?: number;
}

export interface TensorCheck {
  verdict: Verdict;
  maxRelError: number;
  medianRelError: number;
  checked: number;
  kinks: number;
  epsilon: number;
  /** The worst non-kink entries first (at most 5). */
  worst: EntryResult[];
  /** Every checked entry (for scatter plots). */
  entries: EntryResult[];
}

/** |a − n| / max(|a|, |n|, floor); both zero is a match. */
export function relativeError(analytic: number, numeric: number): number {
  if (analytic === 0 && numeric === 0) return 0;
  if (!Number.isFinite(analytic) || !Number.isFinite(numeric)) return Infinity;
  return Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), ABSOLUTE_FLOOR);
}

export function verdictOf(relError: number): Verdict {
  if (relError <= PASS_THRESHOLD) return 'pass';
  if (relError <= WARN_THRESHOLD) return 'warn';
  return 'fail';
}

/** Indices 0..n−1 when n ≤ max, else `max` distinct seeded choices in ascending order. */
export function pickEntries(n: number, max: number, rng: Rng): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const chosen = new Set<number>();
  while (chosen.size < max) chosen.add(rng.int(n));
  return [...chosen].sort((a, b) => a - b);
}

export function summarize(entries: EntryResult[], epsilon: number): TensorCheck {
  for (const e of entries) e.relError = relativeError(e.analytic, e.numeric);
  const judged = entries.filter((e) => !e.kink).sort((a, b) => b.relError! - a.relError!);
  const errors = judged.map((e) => e.relError!);
  const maxRelError = errors.length ? errors[0] : 0;
  const medianRelError = errors.length ? errors[Math.floor(errors.length / 2)] : 0;
  return {
    verdict: verdictOf(maxRelError), maxRelError, medianRelError, checked: entries.length,
    kinks: entries.length - judged.length, epsilon, worst: judged.slice(0, 5), entries,
  };
}
