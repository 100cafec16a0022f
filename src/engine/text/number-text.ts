/** Numbers as text, one formatter for every reader: the CLI's explain and tables, the webviews and their KaTeX. */

/**
 * `digits` significant digits at any magnitude: plain in [1e-3, 10^max(digits, 4)), else the exponent form m e−x
 * (1.50e−9); '0' only for zero, '–' for no number.
 */
export function formatNumber(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined) return '–';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 10 ** Math.max(digits, 4)) return String(Number(v.toPrecision(digits)));
  return v.toExponential(digits - 1).replace('e+', 'e').replace('e-', 'e−');
}
