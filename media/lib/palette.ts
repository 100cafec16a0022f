/** Colour scales for heatmaps: a diverging palette centred on 0 with a symmetric domain, and a sequential one. */

export type Rgb = readonly [number, number, number];
export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

/** Negative end, zero, positive end. Zero sits near the theme's background so "no signal" reads as empty. */
export interface DivergingColours { negative: Rgb; neutral: Rgb; positive: Rgb }

export const DIVERGING_BY_THEME: Record<ThemeKind, DivergingColours> = {
  dark: { negative: [66, 146, 255], neutral: [38, 38, 38], positive: [255, 112, 67] },
  light: { negative: [33, 102, 172], neutral: [247, 247, 247], positive: [178, 24, 43] },
  'high-contrast': { negative: [0, 180, 255], neutral: [0, 0, 0], positive: [255, 200, 0] },
  'high-contrast-light': { negative: [0, 0, 190], neutral: [255, 255, 255], positive: [190, 0, 0] },
};

/** Sequential (0 → max) colours, used for σ'(z). */
export const SEQUENTIAL_BY_THEME: Record<ThemeKind, { low: Rgb; high: Rgb }> = {
  dark: { low: [38, 38, 38], high: [120, 220, 130] },
  light: { low: [247, 247, 247], high: [27, 120, 55] },
  'high-contrast': { low: [0, 0, 0], high: [0, 255, 120] },
  'high-contrast-light': { low: [255, 255, 255], high: [0, 110, 0] },
};

/** Which palette a webview body uses (VS Code sets vscode-light / vscode-dark / vscode-high-contrast[-light]). */
export function themeKindOf(bodyClasses: { contains(name: string): boolean }): ThemeKind {
  if (bodyClasses.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (bodyClasses.contains('vscode-high-contrast')) return 'high-contrast';
  return bodyClasses.contains('vscode-light') ? 'light' : 'dark';
}

/** Odd number of entries, so the middle one is exactly zero. */
export const LUT_SIZE = 257;

/** RGBA lookup table: entry i holds the colour of u = 2i/(LUT_SIZE−1) − 1 ∈ [−1, 1]. */
export function divergingLut(colours: DivergingColours): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(LUT_SIZE * 4);
  const mid = (LUT_SIZE - 1) / 2;
  for (let i = 0; i < LUT_SIZE; i++) {
    const u = (i - mid) / mid;
    const end = u < 0 ? colours.negative : colours.positive;
    writeRgba(lut, i, mix(colours.neutral, end, Math.abs(u)));
  }
  return lut;
}

/** RGBA lookup table for t ∈ [0, 1] from low to high. */
export function sequentialLut(low: Rgb, high: Rgb): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(LUT_SIZE * 4);
  for (let i = 0; i < LUT_SIZE; i++) writeRgba(lut, i, mix(low, high, i / (LUT_SIZE - 1)));
  return lut;
}

/** Linear blend a + (b − a)·t per channel, rounded. */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [Math.round(a[0] + (b[0] - a[0]) * t), Math.round(a[1] + (b[1] - a[1]) * t), Math.round(a[2] + (b[2] - a[2]) * t)];
}

function writeRgba(lut: Uint8ClampedArray, i: number, rgb: Rgb): void {
  lut[4 * i] = rgb[0];
  lut[4 * i + 1] = rgb[1];
  lut[4 * i + 2] = rgb[2];
  lut[4 * i + 3] = 255;
}

/** LUT index of v on the symmetric domain [−limit, limit] (clamped; NaN and limit 0 map to the middle). */
export function divergingIndex(v: number, limit: number): number {
  const mid = (LUT_SIZE - 1) / 2;
  if (!(limit > 0) || Number.isNaN(v)) return mid;
  const u = Math.max(-mid, Math.min(mid, v * (mid / limit)));
  return u >= 0 ? mid + Math.round(u) : mid - Math.round(-u); // rounds half away from 0 on both sides
}

/** LUT index of v on [0, max] (clamped). */
export function sequentialIndex(v: number, max: number): number {
  if (!(max > 0) || Number.isNaN(v)) return 0;
  return Math.round(Math.max(0, Math.min(LUT_SIZE - 1, v * ((LUT_SIZE - 1) / max))));
}

/**
 * Half-width of the symmetric colour domain: the 99th percentile of |v| (so one outlier does not wash the map out),
 * never below the largest |v| / 10; both estimated from ≤ 4096 evenly spaced values (this runs on every update of
 * 256 × 600 matrices); 0 when none of them is finite and non-zero.
 */
export function symmetricLimit(values: ArrayLike<number>): number {
  const stride = Math.max(1, Math.ceil(values.length / 4096));
  const sample = new Float64Array(Math.ceil(values.length / stride));
  let count = 0, largest = 0;
  for (let i = 0; i < values.length; i += stride) {
    const m = Math.abs(values[i]);
    if (!Number.isFinite(m)) continue;
    if (m > largest) largest = m;
    sample[count++] = m;
  }
  if (count === 0) return 0;
  const sorted = sample.subarray(0, count).sort(); // typed-array sort: numeric, no comparator calls
  const p99 = sorted[Math.min(count - 1, Math.floor(0.99 * count))];
  return Math.max(p99, largest / 10);
}

/** Legend tick values for a symmetric domain: −L, 0, L (three, so narrow legends stay readable). */
export function divergingTicks(limit: number): number[] {
  return [-limit, 0, limit];
}

/** Upper end of the σ'(z) scale: the largest value σ' can take for the activation, else the data's maximum. */
export function sigmaPrimeMax(activation: string, values: ArrayLike<number>): number {
  if (activation === 'sigmoid') return 0.25;
  if (activation === 'tanh' || activation === 'relu' || activation === 'leaky_relu' || activation === 'linear') return 1;
  let max = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) max = Math.max(max, values[i]);
  return max;
}
