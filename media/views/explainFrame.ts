/**
 * Explain a cell of a recorded δ frame (a past step under the step slider). The record keeps δ, σ′(z) and the
 * upstream factor of each cell at its frames, not that step's weights, biases or optimizer state: the pane says so
 * and shows what the frame does hold: δ_j as the engine made it, with BP2's factors u_j · σ′(z_j), u = (W^{l+1})ᵀδ^{l+1},
 * or at the output the engine's own BP1 (the fused a − y for cross-entropy over sigmoid or softmax).
 */
import type { ExplainTarget, Frame, LayerInfo } from '../../src/protocol';
import type { LossName } from '../../src/engine/spec/types';
import { outputDeltaRule } from '../../src/engine/nn/backprop';
import { factor, texNumber } from '../lib/explainTex';
import { formatNumber } from '../lib/numberFormat';

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

/** What a frame's reader knows of its run: the layers and (absent in older records) the loss, which fix the output's BP1. */
export interface FrameRun { layers: readonly LayerInfo[]; loss?: LossName }

/**
 * The frame's cell (j, c) of layer l as TeX lines, δ as the engine's BP1 or BP2 made it (the recorded δ, never
 * re-derived), and at the output the engine's name of its BP1; null when the frame has no such cell.
 */
export function frameCellTex(frame: Frame, target: ExplainTarget, run: FrameRun): { lines: string[]; rule: string | null; note?: string } | null {
  const layer = frame.layers.find((x) => x.layer === target.layer);
  const column = target.column;
  if (!layer || column === null || target.unit >= layer.units || column >= layer.batchSize) return null;
  const cell = target.unit * layer.batchSize + column, l = target.layer, j = target.unit + 1;
  const delta = layer.delta[cell], u = layer.upstream[cell], s = layer.sigmaPrime[cell];
  const where = `\\quad(\\text{step ${frame.step}, batch column ${column + 1}})`;
  const recorded = `\\delta^{${l}}_{${j}} = ${texNumber(delta)}${where}`;
  const product = (first: string) => `\\delta^{${l}}_{${j}} = ${first}\\,\\sigma'(z^{${l}}_{${j}}) = ${factor(u)}\\cdot ${factor(s)} = ${texNumber(delta)}`;
  if (l < run.layers.length) return { lines: [recorded, product(`\\big[(W^{${l + 1}})^{\\mathsf T}\\delta^{${l + 1}}\\big]_{${j}}`)], rule: null };
  const activation = run.layers[l - 1]?.activation;
  const rule = run.loss && activation ? outputDeltaRule(run.loss, activation) : null;
  const dEda = `\\frac{\\partial E_x}{\\partial a^{${l}}_{${j}}}`;
  if (rule?.kind === 'fused') {
    const factors = activation === 'softmax' ? `${dEda} = ${factor(u)}` : `${dEda} = ${factor(u)},\\quad \\sigma'(z^{${l}}_{${j}}) = ${factor(s)}`;
    const lines = [`\\delta^{${l}}_{${j}} = a^{${l}}_{${j}} - y_{${j}} = ${texNumber(delta)}${where}`, `${factors}\\quad(\\text{not multiplied: } \\sigma' \\text{ cancels})`];
    return { lines, rule: rule.name, ...(activation === 'softmax' ? {} : fusedNote(delta, u, s)) };
  }
  if (rule?.kind === 'product') return { lines: [recorded, product(dEda)], rule: rule.name };
  if (activation === 'softmax') {
    return { lines: [recorded, `\\text{softmax: } \\delta^{${l}}_{${j}} = \\textstyle\\sum_k \\frac{\\partial a_k}{\\partial z_{${j}}}\\frac{\\partial E}{\\partial a_k} \\text{ needs the layer's } a \\text{, which the frame does not keep}`], rule: rule?.name ?? null };
  }
  return { lines: [recorded, `${dEda} = ${factor(u)},\\quad \\sigma'(z^{${l}}_{${j}}) = ${factor(s)}\\quad(\\text{this record does not name its loss, so not which BP1 made } \\delta)`], rule: null };
}

/** A sentence when the output is saturated: the product ∂E/∂a · σ′ over- or underflows where a − y does not. */
function fusedNote(delta: number, dEda: number, sigmaPrime: number): { note?: string } {
  const product = dEda * sigmaPrime;
  if (delta === 0 || (Number.isFinite(product) && Math.abs(product - delta) <= 1e-3 * Math.abs(delta))) return {};
  return { note: `The output is saturated: ∂E/∂a · σ′ = ${formatNumber(dEda)} · ${formatNumber(sigmaPrime)} = ${formatNumber(product)}, while training's a − y keeps δ = ${formatNumber(delta)}.` };
}
