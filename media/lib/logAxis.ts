/** Ticks of a base-10 log axis, DOM-free: decades only (1-2-5 inside a single decade), thinned to fit, no "0" label. */

const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** 12 → ¹², −3 → ⁻³ */
export function superscript(n: number): string {
  return (n < 0 ? '⁻' : '') + String(Math.abs(n)).split('').map((d) => SUPERSCRIPTS[Number(d)]).join('');
}

/** Least vertical room per label on a log axis, in CSS pixels. */
const LOG_TICK_SPACING = 28;

/**
 * How many labels a log axis `plotHeight` CSS pixels tall gets: one per LOG_TICK_SPACING, but never fewer than two,
 * so a short plot (Compare Runs' small multiples) still names two decades and its scale can be read.
 */
export function logTickBudget(plotHeight: number): number {
  return Math.max(2, Math.floor(plotHeight / LOG_TICK_SPACING));
}

/**
 * Tick values for a log axis over [min, max]: the powers of ten inside it, every k-th (k = ⌈decades / maxTicks⌉,
 * exponents divisible by k so labels stay put while the range grows); 1-2-5 steps when fewer than three decades fit.
 */
export function logAxisSplits(min: number, max: number, maxTicks: number): number[] {
  if (!(min > 0) || !(max >= min) || !Number.isFinite(max)) return [];
  // A decade counts as inside when it is within a relative 1e-9 of the range (rounding), never further out.
  const lo = Math.ceil(Math.log10(min * (1 - 1e-9))), hi = Math.floor(Math.log10(max * (1 + 1e-9)));
  if (hi - lo + 1 < 3) {
    const fine = oneTwoFive(min, max);
    if (hi - lo + 1 < 2 || fine.length <= maxTicks) return fine;
  }
  const stride = Math.max(1, Math.ceil((hi - lo + 1) / Math.max(1, maxTicks)));
  const splits: number[] = [];
  for (let e = lo; e <= hi; e++) if (((e % stride) + stride) % stride === 0) splits.push(powerOfTen(e));
  return splits;
}

/** 1·10ᵉ, 2·10ᵉ, 5·10ᵉ inside [min, max] (a range narrower than two decades). */
function oneTwoFive(min: number, max: number): number[] {
  const splits: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * powerOfTen(e);
      if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) splits.push(v);
    }
  }
  return splits;
}

/** 10ᵉ without the rounding noise of 10 ** e for negative e (10 ** -3 = 0.0010000000000000002). */
function powerOfTen(e: number): number {
  return e < 0 ? 1 / 10 ** -e : 10 ** e;
}

/** A log tick's label: plain from 0.001 to 1000 ("0.01", "500"), else 10⁻⁵ or 2·10⁻⁵; never "0". */
export function formatLogTick(v: number): string {
  if (!(v > 0) || !Number.isFinite(v)) return '';
  const e = Math.floor(Math.log10(v) + 1e-9);
  const mantissa = Number((v / powerOfTen(e)).toPrecision(2));
  if (e >= -3 && e <= 3) return String(Number(v.toPrecision(2)));
  return mantissa === 1 ? `10${superscript(e)}` : `${mantissa}·10${superscript(e)}`;
}
