/**
 * Explain a cell of a recorded δ frame (a past step under the step slider). The record keeps δ, σ′(z) and the
 * upstream factor of each cell at its frames, not that step's weights, biases or optimizer state: the pane says so
 * and shows what the frame does hold, δ_j = u_j · σ′(z_j) with u = (W^{l+1})ᵀδ^{l+1} (∇_a E at the output).
 */
import type { ExplainTarget, Frame, LayerInfo } from '../../src/protocol';
import { factor, texNumber } from '../lib/explainTex';

/**
 * What the pane says of a past frame (or, `ended`, of the last snapshot of a run whose worker is gone): which step, what
 * is not kept, how to get the whole arithmetic (`finalWeights`: the pane offers to explain with the final weights).
 */
export function frameSentence(step: number, ended = false, finalWeights = false): string {
  const what = ended ? `Step ${step} is the last δ this run sent; its worker is gone (the run ended or was opened from its folder), and the monitor keeps δ, σ′ and (W^{l+1})ᵀδ^{l+1} of each cell` : `Step ${step} is a recorded δ frame: the run keeps δ, σ′ and (W^{l+1})ᵀδ^{l+1} of each cell at its frames`;
  const how = !ended ? 'move the slider to latest, pause and press Step'
    : finalWeights ? 'with the weights the run ended with, press Explain with the final weights (a copy of the run steps one mini-batch from them)'
      : 'train the spec again, pause it and press Step';
  return `${what}, but not that step's weights, biases or optimizer state, so the forward sum, BP2 term by term, the batch mean and the update cannot be recomputed for it. What it holds is below; for the whole arithmetic ${how}.`;
}

/** The frame's factorisation of cell (j, c) of layer l as TeX lines, or null when the frame has no such cell. */
export function frameCellTex(frame: Frame, target: ExplainTarget, layers: readonly LayerInfo[]): string[] | null {
  const layer = frame.layers.find((x) => x.layer === target.layer);
  const column = target.column;
  if (!layer || column === null || target.unit >= layer.units || column >= layer.batchSize) return null;
  const cell = target.unit * layer.batchSize + column, l = target.layer, j = target.unit + 1;
  const delta = layer.delta[cell], u = layer.upstream[cell], s = layer.sigmaPrime[cell];
  const recorded = `\\delta^{${l}}_{${j}} = ${texNumber(delta)}\\quad(\\text{step ${frame.step}, batch column ${column + 1}})`;
  if (l === layers.length && layers[l - 1]?.activation === 'softmax') {
    return [recorded, `\\text{softmax: } \\delta^{${l}}_{${j}} = \\textstyle\\sum_k \\frac{\\partial a_k}{\\partial z_{${j}}}\\frac{\\partial E}{\\partial a_k} \\text{ needs the layer's } a \\text{, which the frame does not keep}`];
  }
  const first = l === layers.length ? `\\frac{\\partial E_x}{\\partial a^{${l}}_{${j}}}` : `\\big[(W^{${l + 1}})^{\\mathsf T}\\delta^{${l + 1}}\\big]_{${j}}`;
  return [recorded, `\\delta^{${l}}_{${j}} = ${first}\\,\\sigma'(z^{${l}}_{${j}}) = ${factor(u)}\\cdot ${factor(s)} = ${texNumber(u * s)}`];
}
