/**
 * Explain one number: the arithmetic behind z^l_j, a^l_j and δ^l_j for ONE sample (a batch of 1), with the terms of
 * every sum, computed by the engine's own forward pass and backward pass (BP1/BP2 in backprop.ts, BP3/BP4 with
 * m = 1). Plain data, for the CLI's `explain` and an Explain pane to render.
 */
import { forwardBackward, outputDeltaRule, type Gradients, type OutputDeltaKind } from '../nn/backprop';
import type { Loss } from '../nn/losses';
import { Matrix } from '../nn/matrix';
import type { ForwardPass, Network } from '../nn/network';
import type { ActivationName, LossName } from '../spec/types';

/** One term W_jk a^{l−1}_k of z_j = Σ_k W_jk a^{l−1}_k + b_j. */
export interface ForwardTerm { k: number; weight: number; input: number; product: number }

/** One term W^{l+1}_kj δ^{l+1}_k of BP2's sum ((W^{l+1})ᵀ δ^{l+1})_j. */
export interface BackwardTerm { k: number; weight: number; delta: number; product: number }

/** One term (∂a_k/∂z_j)·(∂E/∂a_k) of softmax's exact δ_j = (Jᵀ ∇_a E)_j, with ∂a_k/∂z_j = a_k([k = j] − a_j). */
export interface JacobianTerm { k: number; jacobian: number; dEda: number; product: number }

/** BP1 at unit j of the output layer. */
export interface OutputRule {
  /** 'product': δ_j = ∂E/∂a_j · σ′(z_j); 'fused': δ_j = a_j − y_j (cross-entropy over sigmoid or softmax); 'jacobian': softmax with another loss. */
  kind: OutputDeltaKind;
  /** The rule's name as the engine gives it (backprop.ts outputDeltaRule), e.g. "cross_entropy over sigmoid: δ = a − y, σ′ cancels". */
  name: string;
  /** y_j, the sample's target. */
  target: number;
  /** ∂E_x/∂a_j: BP1's first factor, as the loss computes it. */
  dEda: number;
  /** ∂E/∂a_j · σ′(z_j) where σ′ is elementwise (not softmax), else null. */
  product: number | null;
  /** softmax without cross-entropy: every Jacobian term, sorted by |product|; else null. */
  jacobianRow: JacobianTerm[] | null;
}

/** BP2 at unit j of a hidden layer: δ_j = (Σ_k W^{l+1}_kj δ^{l+1}_k) · σ′(z_j). */
export interface HiddenRule {
  /** Every unit k of layer l + 1, sorted by |product|. */
  terms: BackwardTerm[];
  /** Σ_k of the terms' products. */
  sum: number;
}

/** The arithmetic of unit j in layer l (1-based as in the equations; unit 0-based) for one sample. */
export interface UnitExplanation {
  layer: number;
  unit: number;
  /** L, the number of weighted layers. */
  depth: number;
  activation: ActivationName;
  lossName: LossName;
  /** E_x: this sample's loss (not a batch mean), regularisation excluded. */
  loss: number;
  z: number;
  a: number;
  /** σ′(z_j); null for softmax units (not elementwise). */
  sigmaPrime: number | null;
  delta: number;
  /** z_j's terms sorted by |product|, and b_j. */
  forward: { terms: ForwardTerm[]; bias: number };
  /** BP1 (output layer) or null. */
  output: OutputRule | null;
  /** BP2 (hidden layer) or null. */
  hidden: HiddenRule | null;
  /** BP4 for this sample: dW[k] = ∂E_x/∂W^l_jk = δ_j a^{l−1}_k for every unit k of layer l − 1. */
  dW: number[];
  /** BP3 for this sample: ∂E_x/∂b^l_j = δ_j. */
  db: number;
}

/** Which number to explain: sample N (0-based, file order), layer l (1 = the first dense layer), unit j (0-based). */
export interface ExplainRequest { sample: number; layer: number; unit: number }

/** A request naming a sample, layer or unit the data or the network does not have; the message says which and what exists. */
export class ExplainRangeError extends Error {
  constructor(message: string, readonly field: keyof ExplainRequest) {
    super(message);
    this.name = 'ExplainRangeError';
  }
}

/** Throws an ExplainRangeError unless the network has layer `layer` (1-based) and it has unit `unit` (0-based). */
export function checkUnitExists(net: Network, layer: number, unit: number): void {
  if (!Number.isInteger(layer) || layer < 1 || layer > net.depth) {
    throw new ExplainRangeError(`layer ${layer} does not exist: the network has dense layers 1 to ${net.depth}`, 'layer');
  }
  const units = net.layer(layer).units;
  if (!Number.isInteger(unit) || unit < 0 || unit >= units) {
    throw new ExplainRangeError(`unit ${unit} does not exist: layer ${layer} has units 0 to ${units - 1}`, 'unit');
  }
}

/** Terms a sum lists one by one, largest |product| first, before "and N more: Σ = …" (the CLI and the Explain pane). */
export const SHOWN_TERMS = 8;

/** The first `count` terms (sorted by |product|) and the sum and number of the others. */
export function largestTerms<T extends { product: number }>(terms: readonly T[], count = SHOWN_TERMS): { shown: T[]; rest: number; restCount: number } {
  const others = terms.slice(count);
  return { shown: terms.slice(0, count), rest: others.reduce((s, t) => s + t.product, 0), restCount: others.length };
}

/** BP4 for this sample as terms: ∂E_x/∂W_jk = δ_j a^{l−1}_k for every k, largest |·| first. */
export function weightGradientTerms(e: UnitExplanation): { k: number; product: number }[] {
  return byMagnitude(e.dW.map((product, k) => ({ k, product })));
}

/** Stable sort by |product|, largest first. */
function byMagnitude<T extends { product: number }>(terms: T[]): T[] {
  return terms.sort((p, q) => Math.abs(q.product) - Math.abs(p.product));
}

/**
 * Explains unit `unit` of layer `layer` for one sample x (input units) with target y (output units), running the
 * engine's forward and backward pass on that sample alone. Throws an ExplainRangeError when layer or unit does not exist.
 */
export function explainUnit(net: Network, loss: Loss, x: ArrayLike<number>, y: ArrayLike<number>, layer: number, unit: number): UnitExplanation {
  checkUnitExists(net, layer, unit);
  const { pass, target, g } = forwardBackward(net, loss, x, y);
  const activation = net.layer(layer).activation;
  return {
    layer, unit, depth: net.depth, activation: activation.name, lossName: loss.name,
    loss: loss.sum(pass.a[net.depth], target, pass.z[net.depth]),
    z: pass.z[layer].data[unit],
    a: pass.a[layer].data[unit],
    sigmaPrime: activation.name === 'softmax' ? null : g.sigmaPrime[layer].data[unit],
    delta: g.delta[layer].data[unit],
    forward: forwardTerms(net, pass, layer, unit),
    output: layer === net.depth ? outputRule(net, loss, pass, target, g, unit) : null,
    hidden: layer < net.depth ? hiddenRule(net, g, layer, unit) : null,
    dW: Array.from(g.dW[layer].data.subarray(unit * net.layer(layer).fanIn, (unit + 1) * net.layer(layer).fanIn)),
    db: g.db[layer][unit],
  };
}

/** z_j = Σ_k W_jk a^{l−1}_k + b_j, term by term. */
function forwardTerms(net: Network, pass: ForwardPass, l: number, j: number): { terms: ForwardTerm[]; bias: number } {
  const { W, b, fanIn } = net.layer(l);
  const terms = Array.from({ length: fanIn }, (_, k) => {
    const weight = W.data[j * fanIn + k], input = pass.a[l - 1].data[k];
    return { k, weight, input, product: weight * input };
  });
  return { terms: byMagnitude(terms), bias: b[j] };
}

/** BP2's terms W^{l+1}_kj δ^{l+1}_k over every unit k of layer l + 1. */
function hiddenRule(net: Network, g: Gradients, l: number, j: number): HiddenRule {
  const next = net.layer(l + 1);
  const terms = Array.from({ length: next.units }, (_, k) => {
    const weight = next.W.data[k * next.fanIn + j], delta = g.delta[l + 1].data[k];
    return { k, weight, delta, product: weight * delta };
  });
  return { terms: byMagnitude(terms), sum: terms.reduce((s, t) => s + t.product, 0) };
}

/** BP1's factors at output unit j, in the form the engine applies (backprop.ts outputDelta). */
function outputRule(net: Network, loss: Loss, pass: ForwardPass, y: Matrix, g: Gradients, j: number): OutputRule {
  const L = net.depth, activation = net.layer(L).activation;
  const dEda = g.upstream[L].data[j];
  const elementwise = activation.name !== 'softmax';
  const product = elementwise ? dEda * g.sigmaPrime[L].data[j] : null;
  const rule = outputDeltaRule(loss.name, activation.name);
  const base = { ...rule, target: y.data[j], dEda, product, jacobianRow: null };
  if (rule.kind !== 'jacobian') return base;
  const a = pass.a[L].data, aj = a[j];
  const row = Array.from(a, (ak, k) => {
    const jacobian = ak * ((k === j ? 1 : 0) - aj), gk = g.upstream[L].data[k];
    return { k, jacobian, dEda: gk, product: jacobian * gk };
  });
  return { ...base, jacobianRow: byMagnitude(row) };
}
