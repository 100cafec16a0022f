/** A stack of dense layers and the forward pass z^l = W^l a^{l−1} + b^l, a^l = σ(z^l). */
import type { Activation } from './activations';
import { activationByName } from './activations';
import { initialWeights } from './init';
import { Matrix, addColumnVectorInPlace, matmulInto } from './matrix';
import { Rng } from './rng';
import type { ActivationName, InitName } from '../spec/types';

export class DenseLayer {
  /** W^l: units × fanIn, row j holds the weights into neuron j. */
  readonly W: Matrix;
  /** b^l: one bias per neuron. */
  readonly b: Float64Array;
  constructor(readonly fanIn: number, readonly units: number, public activation: Activation, W?: Float64Array, b?: Float64Array) {
    this.W = new Matrix(units, fanIn, W ?? new Float64Array(units * fanIn));
    this.b = b ?? new Float64Array(units);
  }
}

export class Network {
  constructor(readonly inputSize: number, readonly layers: DenseLayer[]) {}

  /** Number of weighted layers L (the input layer is layer 0 and has none). */
  get depth(): number {
    return this.layers.length;
  }

  /** Layer l (1-based, as in the equations). */
  layer(l: number): DenseLayer {
    return this.layers[l - 1];
  }

  static create(sizes: number[], activations: ActivationName[], init: InitName, rng: Rng): Network {
    const layers = activations.map((name, i) => {
      const fanIn = sizes[i], units = sizes[i + 1];
      return new DenseLayer(fanIn, units, activationByName(name), initialWeights(init, fanIn, units, rng));
    });
    return new Network(sizes[0], layers);
  }
}

/** Cached values of one forward pass: a[0] is the input, z[l] and a[l] for l = 1..L (z[0] is empty). */
export interface ForwardPass {
  z: Matrix[];
  a: Matrix[];
}

/** Allocates (or reuses when the batch size matches) the buffers of a forward pass. */
export function forwardBuffers(net: Network, batchSize: number, reuse?: ForwardPass): ForwardPass {
  if (reuse && reuse.a[0].cols === batchSize) return reuse;
  const z = [new Matrix(0, batchSize)];
  const a = [new Matrix(net.inputSize, batchSize)];
  for (const layer of net.layers) {
    z.push(new Matrix(layer.units, batchSize));
    a.push(new Matrix(layer.units, batchSize));
  }
  return { z, a };
}

/** z^l = W^l a^{l−1} + b^l; a^l = σ(z^l), for one layer. */
function forwardLayer(layer: DenseLayer, aPrev: Matrix, z: Matrix, a: Matrix): void {
  matmulInto(layer.W, aPrev, z);
  addColumnVectorInPlace(z, layer.b);
  layer.activation.forwardInto(z, a);
}

/** Runs the forward pass on pass.a[0] (the input batch, features × samples). */
export function forward(net: Network, pass: ForwardPass): ForwardPass {
  for (let l = 1; l <= net.depth; l++) forwardLayer(net.layer(l), pass.a[l - 1], pass.z[l], pass.a[l]);
  return pass;
}

/** Continues a forward pass from a given z^l (used to differentiate E with respect to z^l numerically). */
export function forwardFromZ(net: Network, l: number, pass: ForwardPass): ForwardPass {
  net.layer(l).activation.forwardInto(pass.z[l], pass.a[l]);
  for (let k = l + 1; k <= net.depth; k++) forwardLayer(net.layer(k), pass.a[k - 1], pass.z[k], pass.a[k]);
  return pass;
}
