/** Number formatting and the monitor's judgements: the spread of ‖δ^l‖ across layers (gradient-check verdicts come from the engine). */

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

export { normSpread } from '../../src/engine/monitor/health';
