/** Numbers as the monitor writes them: the engine's one formatter at 3 significant digits, and shares as percentages. */
import { formatNumber as formatDigits } from '../../src/engine/text/number-text';

/** 3 significant digits at any magnitude, exponent form outside [1e-3, 1e4) (one argument: safe to pass to map). */
export function formatNumber(v: number | null | undefined): string {
  return formatDigits(v, 3);
}

/** A share of a whole as a percentage: one decimal below 1 %, else whole percents. */
export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(share > 0 && share < 0.01 ? 1 : 0)}%`;
}
