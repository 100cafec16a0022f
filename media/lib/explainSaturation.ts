/**
 * What a reader needs to trust a tiny δ (DOM-free): a sentence when the output sits on its target (δ = a − y tiny
 * but exact, E_x rounded to 0 in float64), when σ′(z) is saturated or off, or when |δ| is far below its layer's
 * usual size for this sample (the RMS of δ over the layer's units in the sample's trace).
 */
import type { SampleTrace, UnitExplanation } from '../../src/protocol';
import { formatNumber } from '../../src/engine/text/number-text';

/** |δ| below this share of the layer's usual size, or σ′ below this share of its largest value, is "far below". */
const FAR_BELOW = 1e-3;

/** The largest σ′ of each saturating activation: σ′ ≤ 1/4, tanh′ ≤ 1. */
const SIGMA_PRIME_MAX: Partial<Record<UnitExplanation['activation'], number>> = { sigmoid: 0.25, tanh: 1 };

const num = (v: number): string => formatNumber(v, 3);

/** The RMS of δ over the layer's units in the trace (its shown units), or null without one. */
function usualSize(e: UnitExplanation, trace: SampleTrace | undefined): number | null {
  const deltas = trace?.layers[e.layer]?.delta ?? [];
  if (deltas.length < 2) return null;
  const rms = Math.sqrt(deltas.reduce((s, d) => s + d * d, 0) / deltas.length);
  return rms > 0 ? rms : null;
}

/** The output on its target: δ = a − y is tiny and exact; E_x may round to 0 in float64 while δ keeps its digits. */
function outputNote(e: UnitExplanation): string | null {
  if (e.output?.kind !== 'fused' || e.delta === 0 || Math.abs(e.delta) >= 1e-6) return null;
  const rounded = e.loss === 0 ? ` E_x = 0 is float64 rounding (the output is within float64's resolution of its target), not an exact zero: the loss is about |a − y| here.` : '';
  return `The output is saturated: a = ${num(e.a)} sits on its target y = ${num(e.output.target)}, so δ = a − y = ${num(e.delta)} is tiny but exact (the engine subtracts; it does not multiply ∂E/∂a = ${num(e.output.dEda)} by σ′).${rounded}`;
}

/** σ′(z) saturated (sigmoid, tanh) or off (relu): whatever reaches the unit is scaled by σ′. */
function sigmaPrimeNote(e: UnitExplanation): string | null {
  if (e.sigmaPrime === null || e.output?.kind === 'fused') return null;
  if (e.sigmaPrime === 0 && e.activation === 'relu') return `relu is off at z = ${num(e.z)} (σ′ = 0): δ = 0 whatever reaches this unit.`;
  const max = SIGMA_PRIME_MAX[e.activation];
  if (max === undefined || e.sigmaPrime >= FAR_BELOW * max) return null;
  return `σ′(z) = ${num(e.sigmaPrime)} at z = ${num(e.z)}: the unit is saturated, so what reaches it is scaled down by ${num(e.sigmaPrime / max)} of σ′'s largest value (${max}), and δ = ${num(e.delta)} with it.`;
}

/** The sentence for this unit, or null when its δ needs none. */
export function saturationNote(e: UnitExplanation, trace?: SampleTrace): string | null {
  const usual = usualSize(e, trace);
  const size = usual !== null && e.delta !== 0 && Math.abs(e.delta) < FAR_BELOW * usual
    ? ` |δ| = ${num(Math.abs(e.delta))} is ${num(Math.abs(e.delta) / usual)} of this layer's usual size for this sample (RMS of δ over its units: ${num(usual)}).`
    : '';
  const why = outputNote(e) ?? sigmaPrimeNote(e);
  if (why) return `${why}${size}`;
  return size ? `${size.trim()} Its inputs to BP${e.output ? '1' : '2'} are small, not its σ′.` : null;
}
