/** Number formatting and the monitor's judgements: relative-error bands and the spread of ‖δ^l‖ across layers. */

/** Compact number: 3 significant digits, exponent form outside [1e-3, 1e4). */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined) return '–';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e4) return String(Number(v.toPrecision(3)));
  return v.toExponential(2).replace('e-', 'e−');
}

export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(share > 0 && share < 0.01 ? 1 : 0)}%`;
}

/** CS231n bands for a relative error: ≤ 1e-7 happy, < 1e-4 ok, < 1e-2 uncomfortable, else wrong. */
export type ErrorBand = 'happy' | 'ok' | 'uncomfortable' | 'wrong';

export function errorBand(relError: number): ErrorBand {
  if (!(relError <= 1e-2)) return 'wrong';
  if (relError <= 1e-7) return 'happy';
  return relError < 1e-4 ? 'ok' : 'uncomfortable';
}

/** Norm ratio between layers (as powers of ten) above which the monitor warns. */
export const NORM_SPREAD_WARNING_ORDERS = 2;

export interface NormSpread {
  /** log10(max ‖δ‖ / min ‖δ‖) over layers with a finite, positive norm. */
  orders: number;
  /** Layers holding the smallest and the largest norm (1-based). */
  smallestLayer: number;
  largestLayer: number;
  warning: string | null;
}

/** How far apart the layers' ‖δ^l‖ are; a warning naming vanishing or exploding gradients when ≥ 2 orders. */
export function normSpread(norms: readonly number[]): NormSpread | null {
  let min = Infinity, max = -Infinity, smallestLayer = 0, largestLayer = 0;
  norms.forEach((n, i) => {
    if (!(n > 0) || !Number.isFinite(n)) return;
    if (n < min) { min = n; smallestLayer = i + 1; }
    if (n > max) { max = n; largestLayer = i + 1; }
  });
  if (smallestLayer === 0) return null;
  const orders = Math.log10(max / min);
  return { orders, smallestLayer, largestLayer, warning: orders >= NORM_SPREAD_WARNING_ORDERS ? spreadWarning(orders, smallestLayer, largestLayer) : null };
}

function spreadWarning(orders: number, smallestLayer: number, largestLayer: number): string {
  const kind = smallestLayer < largestLayer ? 'vanishing' : 'exploding';
  return `‖δ‖ differs by ${orders.toFixed(1)} orders of magnitude between layer ${smallestLayer} and layer ${largestLayer}: ${kind} gradients toward the input.`;
}

/** Median of a list of numbers (NaN when empty). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
