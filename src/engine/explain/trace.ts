/**
 * One sample's pass through the whole network, for a network diagram: a^l and δ^l of every layer, W^l and the
 * sample's ∂E_x/∂W^l = δ^l (a^{l−1})ᵀ (BP4, m = 1), computed by the engine's own forward and backward pass.
 * Layers wider than `maxUnits` keep their strongest units (|δ_j|; |a_k| for the input layer) and count the rest.
 */
import { forwardBackward } from '../nn/backprop';
import type { Loss } from '../nn/losses';
import type { Network } from '../nn/network';

/** Units drawn per layer at most (the diagram: wider layers show their strongest units). */
const TRACE_MAX_UNITS = 64;

/** Layer l of a trace: the shown units (indices into the layer), their a and δ, and the edges into them. */
export interface TraceLayer {
  /** Units in the layer. */
  units: number;
  /** The shown units' indices (ascending); `units − shown.length` are left out. */
  shown: number[];
  /** a^l_j for each shown unit. */
  a: number[];
  /** δ^l_j for each shown unit (empty for the input layer, which has none). */
  delta: number[];
  /** W^l_jk for shown j (rows) and the previous layer's shown k (columns); empty for the input layer. */
  W: number[];
  /** ∂E_x/∂W^l_jk = δ^l_j a^{l−1}_k, same layout as W. */
  dW: number[];
}

/** A sample's a, δ, W and ∂E_x/∂W for layers 0 (the input) to L. */
export interface SampleTrace { loss: number; layers: TraceLayer[] }

/** Indices of the `max` largest |strength[i]| in ascending order (all when there are no more than `max`). */
export function strongestUnits(strength: ArrayLike<number>, max: number): number[] {
  const all = Array.from({ length: strength.length }, (_, i) => i);
  if (all.length <= max) return all;
  return all.sort((p, q) => Math.abs(strength[q]) - Math.abs(strength[p]) || p - q).slice(0, max).sort((p, q) => p - q);
}

/** The trace of one sample x (input units) with target y (output units) through `net`. */
export function traceSample(net: Network, loss: Loss, x: ArrayLike<number>, y: ArrayLike<number>, maxUnits = TRACE_MAX_UNITS): SampleTrace {
  const { pass, target, g } = forwardBackward(net, loss, x, y);
  const shown = [strongestUnits(pass.a[0].data, maxUnits)];
  for (let l = 1; l <= net.depth; l++) shown.push(strongestUnits(g.delta[l].data, maxUnits));
  const layers = shown.map((units, l): TraceLayer => {
    const pick = (values: ArrayLike<number>) => units.map((j) => values[j]);
    const base = { units: pass.a[l].rows, shown: units, a: pick(pass.a[l].data) };
    if (l === 0) return { ...base, delta: [], W: [], dW: [] };
    const { W, fanIn } = net.layer(l);
    const edges = (values: ArrayLike<number>) => units.flatMap((j) => shown[l - 1].map((k) => values[j * fanIn + k]));
    return { ...base, delta: pick(g.delta[l].data), W: edges(W.data), dW: edges(g.dW[l].data) };
  });
  return { loss: loss.sum(pass.a[net.depth], target, pass.z[net.depth]), layers };
}
