/**
 * The backward pass of one sample, step by step (pure): BP1 at the output layer L, then BP2 at layers L−1 … 1, then
 * BP3/BP4 and the training step at layer 1 — the order backpropagation computes δ. Each stop explains the layer's
 * unit with the largest |δ| for that sample (from the network diagram's trace).
 */
import type { SampleTrace } from '../../src/protocol';

/** Which part of the Explain pane a stop is about. */
export type WalkFocus = 'bp1' | 'bp2' | 'gradients';

/** A stop's heading: text, the equation it is at (TeX, typeset by the bar), more text. */
interface WalkTitle { before: string; tex: string; after: string }

export interface WalkStop { layer: number; unit: number; focus: WalkFocus; title: WalkTitle }

/** The shown unit of trace layer l with the largest |δ| (ties: the lower unit). */
function strongestDelta(trace: SampleTrace, l: number): number {
  const layer = trace.layers[l];
  let best = 0;
  for (let i = 1; i < layer.shown.length; i++) if (Math.abs(layer.delta[i]) > Math.abs(layer.delta[best])) best = i;
  return layer.shown[best];
}

/** The stops of the walk: L, L−1, …, 1, then layer 1 again for BP3/BP4 and the update. */
export function backwardWalk(trace: SampleTrace): WalkStop[] {
  const depth = trace.layers.length - 1;
  const stops: WalkStop[] = [];
  for (let l = depth; l >= 1; l--) {
    const unit = strongestDelta(trace, l);
    const after = `, neuron ${unit + 1} (largest |δ|)`;
    const title = l === depth
      ? { before: `BP1 at the output layer ${l}: `, tex: `\\delta^{${l}} = \\nabla_a E \\odot \\sigma'(z^{${l}})`, after }
      : { before: `BP2 at layer ${l}: `, tex: `\\delta^{${l}} = \\big((W^{${l + 1}})^{\\mathsf T}\\delta^{${l + 1}}\\big) \\odot \\sigma'(z^{${l}})`, after };
    stops.push({ layer: l, unit, focus: l === depth ? 'bp1' : 'bp2', title });
  }
  const first = stops[stops.length - 1];
  const title = { before: `BP3 and BP4 at layer 1, neuron ${first.unit + 1}: `, tex: `\\frac{\\partial E}{\\partial b_j} = \\delta_j,\\ \\frac{\\partial E}{\\partial W_{jk}} = \\delta_j\\,a_k`, after: ', then the batch mean and the update' };
  stops.push({ layer: 1, unit: first.unit, focus: 'gradients', title });
  return stops;
}
