/** Networks from saved or trained parameters (W^l, b^l, σ per layer), for prediction and the decision boundary. */
import { activationByName } from './activations';
import { DenseLayer, Network } from './network';
import type { LayerParameters } from '../train/training-types';

/** A float64 network holding the given parameters. */
export function networkFromParameters(inputSize: number, params: LayerParameters[]): Network {
  return new Network(inputSize, params.map((p) => new DenseLayer(p.fanIn, p.units, activationByName(p.activation), p.weights.slice(), p.biases.slice())));
}
