/**
 * Backpropagation in the δ form, over a mini-batch (samples are columns):
 *   BP1  δ^L = ∇_a E ⊙ σ'(z^L)
 *   BP2  δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ'(z^l)
 *   BP3  ∂E/∂b^l_j = δ^l_j
 *   BP4  ∂E/∂W^l_jk = δ^l_j a^{l−1}_k
 * δ is kept per sample; the batch average is taken in one place, parameterGradients (BP3, BP4).
 */
import type { Activation } from './activations';
import type { Loss } from './losses';
import type { ActivationName, LossName } from '../spec/types';
import { Matrix, hadamardInPlace, matmulTransAInto, matmulTransBInto, rowSumsInto, scaleInPlace } from './matrix';
import { forward, forwardBuffers, type ForwardPass, type Network } from './network';

/** Everything the backward pass computes, indexed by layer l = 1..L (index 0 is empty). */
export interface Gradients {
  delta: Matrix[];
  sigmaPrime: Matrix[];
  /** BP2's first factor (W^{l+1})ᵀ δ^{l+1}; at the output, ∇_a E (BP1's first factor). */
  upstream: Matrix[];
  dW: Matrix[];
  db: Float64Array[];
}

export function gradientBuffers(net: Network, batchSize: number, reuse?: Gradients): Gradients {
  if (reuse && reuse.delta[1].cols === batchSize) return reuse;
  const g: Gradients = { delta: [new Matrix(0, 0)], sigmaPrime: [new Matrix(0, 0)], upstream: [new Matrix(0, 0)], dW: [new Matrix(0, 0)], db: [new Float64Array(0)] };
  for (const layer of net.layers) {
    g.delta.push(new Matrix(layer.units, batchSize));
    g.sigmaPrime.push(new Matrix(layer.units, batchSize));
    g.upstream.push(new Matrix(layer.units, batchSize));
    g.dW.push(new Matrix(layer.units, layer.fanIn));
    g.db.push(new Float64Array(layer.units));
  }
  return g;
}

/** BP1's form at the output: 'fused' δ = a − y, 'jacobian' δ = J_softmaxᵀ ∇_a E, 'product' δ = ∇_a E ⊙ σ′(z). */
export type OutputDeltaKind = 'fused' | 'jacobian' | 'product';

/**
 * Which BP1 the engine applies for a loss over an output activation, and its name: cross-entropy over sigmoid or
 * softmax is fused to δ^L = a − y (σ′ cancels, exact where ∂E/∂a and σ′ overflow or underflow); softmax with another
 * loss takes its Jacobian; any other pair the product ∇_a E ⊙ σ′(z^L).
 */
export function outputDeltaRule(loss: LossName, activation: ActivationName): { kind: OutputDeltaKind; name: string } {
  if (loss === 'cross_entropy' && (activation === 'softmax' || activation === 'sigmoid')) return { kind: 'fused', name: `${loss} over ${activation}: δ = a − y, σ′ cancels` };
  if (activation === 'softmax') return { kind: 'jacobian', name: `softmax with ${loss}: δ = J_softmaxᵀ ∇_a E` };
  return { kind: 'product', name: `${loss} over ${activation}: δ = ∂E/∂a · σ′(z)` };
}

/** BP1: δ^L = ∇_a E ⊙ σ'(z^L); fused δ^L = a − y for cross-entropy; exact Jᵀ∇_a E for softmax with other losses (outputDeltaRule). */
export function outputDelta(activation: Activation, loss: Loss, z: Matrix, a: Matrix, y: Matrix, g: { delta: Matrix; sigmaPrime: Matrix; upstream: Matrix }): void {
  loss.gradientInto(a, y, g.upstream);
  activation.derivativeInto(z, a, g.sigmaPrime);
  const { kind } = outputDeltaRule(loss.name, activation.name);
  if (kind === 'fused') {
    for (let i = 0; i < a.data.length; i++) g.delta.data[i] = a.data[i] - y.data[i];
  } else if (kind === 'jacobian' && activation.jacobianTransposeTimesInto) {
    activation.jacobianTransposeTimesInto(a, g.upstream, g.delta);
  } else {
    g.delta.data.set(g.upstream.data);
    hadamardInPlace(g.delta, g.sigmaPrime);
  }
}

/** BP2: δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ'(z^l) */
export function hiddenDelta(Wnext: Matrix, deltaNext: Matrix, activation: Activation, z: Matrix, a: Matrix, g: { delta: Matrix; sigmaPrime: Matrix; upstream: Matrix }): void {
  matmulTransAInto(Wnext, deltaNext, g.upstream);
  activation.derivativeInto(z, a, g.sigmaPrime);
  g.delta.data.set(g.upstream.data);
  hadamardInPlace(g.delta, g.sigmaPrime);
}

/** BP3 and BP4, averaged over the batch's m samples: ∂E/∂b^l = (1/m) Σ δ^l, ∂E/∂W^l = (1/m) δ^l (a^{l−1})ᵀ */
function parameterGradients(delta: Matrix, aPrev: Matrix, dW: Matrix, db: Float64Array): void {
  const m = delta.cols;
  rowSumsInto(delta, 1 / m, db);
  matmulTransBInto(delta, aPrev, dW);
  scaleInPlace(dW.data, 1 / m);
}

/** The δ rules a backward pass applies: BP1 at the output layer, BP2 below it. */
export interface DeltaRules {
  outputDelta: typeof outputDelta;
  hiddenDelta: typeof hiddenDelta;
}

/** The engine's BP1 and BP2, used by training and checked by the gradient check. */
export const ENGINE_DELTA_RULES: DeltaRules = { outputDelta, hiddenDelta };

/** The backward pass: BP1 at the output, BP2 down the layers, BP3/BP4 in every layer. */
export function backward(net: Network, pass: ForwardPass, y: Matrix, loss: Loss, g: Gradients, rules: DeltaRules = ENGINE_DELTA_RULES): Gradients {
  const L = net.depth;
  rules.outputDelta(net.layer(L).activation, loss, pass.z[L], pass.a[L], y, layerView(g, L));
  for (let l = L - 1; l >= 1; l--) {
    rules.hiddenDelta(net.layer(l + 1).W, g.delta[l + 1], net.layer(l).activation, pass.z[l], pass.a[l], layerView(g, l));
  }
  for (let l = 1; l <= L; l++) parameterGradients(g.delta[l], pass.a[l - 1], g.dW[l], g.db[l]);
  return g;
}

function layerView(g: Gradients, l: number) {
  return { delta: g.delta[l], sigmaPrime: g.sigmaPrime[l], upstream: g.upstream[l] };
}

/**
 * The engine's forward and backward pass over m samples (columns of x, inputs × m, and of y, outputs × m, row-major)
 * in fresh buffers: what training computes for them, for the explanations and the diagram's trace to read.
 */
export function forwardBackward(net: Network, loss: Loss, x: ArrayLike<number>, y: ArrayLike<number>, m = 1): { pass: ForwardPass; target: Matrix; g: Gradients } {
  const pass = forwardBuffers(net, m);
  pass.a[0].data.set(x);
  forward(net, pass);
  const target = new Matrix(net.layer(net.depth).units, m, Float64Array.from(y));
  return { pass, target, g: backward(net, pass, target, loss, gradientBuffers(net, m)) };
}
