/** An export's network: the spec's architecture (layers, activations, loss) holding a saved model's weights. */
import { parametersFromModelJson, type ModelJson } from '../model/model';
import type { NetworkSpec } from '../spec/types';
import { networkHolding, parametersOf } from '../train/trainer';
import type { LayerParameters } from '../train/training-types';

/** W^l, b^l of `params` under the spec's activations; throws "layer l: the model has u×f weights, the spec u'×f'" on a shape the spec does not have. */
export function parametersUnderSpec(spec: NetworkSpec, params: LayerParameters[]): LayerParameters[] {
  return parametersOf(networkHolding(spec, params));
}

/** The saved model with the spec's activations and loss (weights, normalisation and names its own); shapes checked as above. */
export function modelUnderSpec(model: ModelJson, spec: NetworkSpec): ModelJson {
  const params = parametersUnderSpec(spec, parametersFromModelJson(model));
  return { ...model, loss: spec.loss, layers: model.layers.map((layer, l) => (l === 0 ? layer : { ...layer, activation: params[l - 1].activation })) };
}
