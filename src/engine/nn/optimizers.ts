/** Parameter updates from ∂E/∂W and ∂E/∂b: sgd, momentum, adam, with optional L2 weight decay. */
import type { Gradients } from './backprop';
import type { Network } from './network';
import type { OptimizerSpec, OptimizerType } from '../spec/types';
import { DEFAULTS } from '../spec/types';

/** An optimizer's constants and state before its next update (copies): what Explain needs to show that update. */
export interface OptimizerState {
  type: OptimizerType;
  learningRate: number;
  /** L2 weight decay λ: weights are updated with g + λW (biases with g). */
  l2: number;
  momentum: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Adam's updates applied so far (the next one uses t + 1); 0 for sgd and momentum. */
  t: number;
  /** Per weighted layer (index l − 1), the slots of W (units × fanIn, row-major) and of b: [] sgd, [v] momentum, [m, v] adam. */
  layers: { W: Float64Array[]; b: Float64Array[] }[];
}

export interface Optimizer {
  learningRate: number;
  /** Applies one update to every layer's W and b from the gradients. */
  stepInPlace(net: Network, g: Gradients): void;
  /** Its state now (copies; zeros for slots not yet used). */
  state(net: Network): OptimizerState;
}

/** The constants an OptimizerState repeats for every optimizer type. */
type StateConstants = Pick<OptimizerState, 'momentum' | 'beta1' | 'beta2' | 'epsilon'>;

/** Copies of per-parameter slots (slot 2i is layer i + 1's W, 2i + 1 its b), zeros where never allocated. */
function slotCopies(net: Network, slotSets: Float64Array[][]): OptimizerState['layers'] {
  return net.layers.map((layer, i) => ({
    W: slotSets.map((slots) => slots[2 * i]?.slice() ?? new Float64Array(layer.W.data.length)),
    b: slotSets.map((slots) => slots[2 * i + 1]?.slice() ?? new Float64Array(layer.units)),
  }));
}

/** An OptimizerState from its parts. */
function stateOf(net: Network, type: OptimizerType, learningRate: number, l2: number, constants: StateConstants, slotSets: Float64Array[][], t = 0): OptimizerState {
  return { type, learningRate, l2, ...constants, t, layers: slotCopies(net, slotSets) };
}

const NO_CONSTANTS: StateConstants = { momentum: DEFAULTS.momentum, beta1: DEFAULTS.beta1, beta2: DEFAULTS.beta2, epsilon: DEFAULTS.adamEpsilon };

/** Calls update(param, grad, slot) for W then b of every layer; with L2, grad_W + λW is used for W. */
function forEachParameter(net: Network, g: Gradients, l2: number, scratch: Float64Array[], update: (p: Float64Array, grad: Float64Array, slot: number) => void): void {
  net.layers.forEach((layer, i) => {
    const l = i + 1;
    let dW = g.dW[l].data;
    if (l2 > 0) {
      const reg = (scratch[i] ??= new Float64Array(dW.length));
      for (let k = 0; k < dW.length; k++) reg[k] = dW[k] + l2 * layer.W.data[k];
      dW = reg;
    }
    update(layer.W.data, dW, 2 * i);
    update(layer.b, g.db[l], 2 * i + 1);
  });
}

/** θ ← θ − η ∇θ */
class Sgd implements Optimizer {
  private scratch: Float64Array[] = [];
  constructor(public learningRate: number, private l2: number) {}
  stepInPlace(net: Network, g: Gradients): void {
    const lr = this.learningRate;
    forEachParameter(net, g, this.l2, this.scratch, (p, grad) => {
      for (let k = 0; k < p.length; k++) p[k] -= lr * grad[k];
    });
  }
  state(net: Network): OptimizerState { return stateOf(net, 'sgd', this.learningRate, this.l2, NO_CONSTANTS, []); }
}

/** v ← μ v − η ∇θ; θ ← θ + v */
class Momentum implements Optimizer {
  private velocity: Float64Array[] = [];
  private scratch: Float64Array[] = [];
  constructor(public learningRate: number, private l2: number, private mu: number) {}
  stepInPlace(net: Network, g: Gradients): void {
    const { learningRate: lr, mu } = this;
    forEachParameter(net, g, this.l2, this.scratch, (p, grad, slot) => {
      const v = (this.velocity[slot] ??= new Float64Array(p.length));
      for (let k = 0; k < p.length; k++) {
        v[k] = mu * v[k] - lr * grad[k];
        p[k] += v[k];
      }
    });
  }
  state(net: Network): OptimizerState {
    return stateOf(net, 'momentum', this.learningRate, this.l2, { ...NO_CONSTANTS, momentum: this.mu }, [this.velocity]);
  }
}

/** m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²; θ ← θ − η m̂ / (√v̂ + ε) */
class Adam implements Optimizer {
  private m: Float64Array[] = [];
  private v: Float64Array[] = [];
  private scratch: Float64Array[] = [];
  private t = 0;
  constructor(public learningRate: number, private l2: number, private beta1: number, private beta2: number, private epsilon: number) {}
  stepInPlace(net: Network, g: Gradients): void {
    this.t++;
    const { beta1: b1, beta2: b2, epsilon: eps } = this;
    const c1 = 1 - Math.pow(b1, this.t), c2 = 1 - Math.pow(b2, this.t);
    const lr = this.learningRate;
    forEachParameter(net, g, this.l2, this.scratch, (p, grad, slot) => {
      const m = (this.m[slot] ??= new Float64Array(p.length));
      const v = (this.v[slot] ??= new Float64Array(p.length));
      for (let k = 0; k < p.length; k++) {
        m[k] = b1 * m[k] + (1 - b1) * grad[k];
        v[k] = b2 * v[k] + (1 - b2) * grad[k] * grad[k];
        p[k] -= (lr * (m[k] / c1)) / (Math.sqrt(v[k] / c2) + eps);
      }
    });
  }
  state(net: Network): OptimizerState {
    const constants = { momentum: DEFAULTS.momentum, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
    return stateOf(net, 'adam', this.learningRate, this.l2, constants, [this.m, this.v], this.t);
  }
}

export function createOptimizer(spec: OptimizerSpec, l2 = 0): Optimizer {
  switch (spec.type) {
    case 'sgd': return new Sgd(spec.learningRate, l2);
    case 'momentum': return new Momentum(spec.learningRate, l2, spec.momentum ?? DEFAULTS.momentum);
    case 'adam': return new Adam(spec.learningRate, l2, spec.beta1 ?? DEFAULTS.beta1, spec.beta2 ?? DEFAULTS.beta2, spec.epsilon ?? DEFAULTS.adamEpsilon);
    default: throw new Error(`unknown optimizer "${(spec as OptimizerSpec).type}"`);
  }
}
