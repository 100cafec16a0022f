/** The saved model: JSON holding W^l, b^l and what a prediction on raw inputs needs (input mapping, class names). */
import type { Dataset, NormalizationStats } from '../data/dataset';
import type { ActivationName, LossName } from '../spec/types';
import { ACTIVATIONS } from '../spec/types';
import type { LayerParameters } from '../train/training-types';

export const MODEL_FORMAT = 'backprop-lens/model@1';

interface ModelLayerJson {
  units: number;
  activation?: ActivationName;
  /** weights[j][k] = W^l_jk (absent on the input layer). */
  weights?: number[][];
  biases?: number[];
}

export interface ModelJson {
  format: typeof MODEL_FORMAT;
  name: string;
  loss: LossName;
  task: 'classification' | 'regression';
  /** layers[0] is the input layer (units only). */
  layers: ModelLayerJson[];
  classNames: string[] | null;
  featureNames: string[] | null;
  /** The trainer's input scale (IDX ubyte pixels: 1/255); x' = (raw · inputScale − shift) / scale. Absent in older files: 1. */
  inputScale?: number;
  normalization: NormalizationStats | null;
  trainedSteps: number;
}

/** What the trainer does to a raw input before layer 1: x' = (raw · inputScale − shift) / scale (shift 0, scale 1 without normalisation). */
export interface InputMapping { inputScale: number; normalization: NormalizationStats | null }

export function toModelJson(name: string, loss: LossName, params: LayerParameters[], data: Dataset, trainedSteps: number): ModelJson {
  return {
    format: MODEL_FORMAT, name, loss, task: data.task,
    layers: [{ units: params[0]?.fanIn ?? data.inputSize }, ...params.map((p) => ({
      units: p.units, activation: p.activation,
      weights: Array.from({ length: p.units }, (_, j) => Array.from(p.weights.subarray(j * p.fanIn, (j + 1) * p.fanIn))),
      biases: Array.from(p.biases),
    }))],
    classNames: data.classNames, featureNames: data.featureNames, inputScale: data.train.xScale, normalization: data.normalization, trainedSteps,
  };
}

/** Reads a saved model's parameters; throws an Error naming the JSON path of anything malformed. */
export function parametersFromModelJson(json: unknown): LayerParameters[] {
  const model = json as Partial<ModelJson>;
  if (!model || typeof model !== 'object' || model.format !== MODEL_FORMAT) throw new Error(`format: expected "${MODEL_FORMAT}"`);
  if (!Array.isArray(model.layers) || model.layers.length < 2) throw new Error('layers: expected an input layer and at least one weighted layer');
  const out: LayerParameters[] = [];
  for (let l = 1; l < model.layers.length; l++) {
    const layer = model.layers[l];
    const fanIn = model.layers[l - 1]?.units;
    if (!Number.isInteger(fanIn) || !Number.isInteger(layer.units)) throw new Error(`layers[${l}].units: expected an integer`);
    if (!layer.activation || !ACTIVATIONS.includes(layer.activation)) throw new Error(`layers[${l}].activation: unknown`);
    const w = layer.weights, b = layer.biases;
    if (!Array.isArray(w) || w.length !== layer.units || w.some((row) => !Array.isArray(row) || row.length !== fanIn)) {
      throw new Error(`layers[${l}].weights: expected ${layer.units} rows of ${fanIn} numbers`);
    }
    if (!Array.isArray(b) || b.length !== layer.units) throw new Error(`layers[${l}].biases: expected ${layer.units} numbers`);
    const weights = Float64Array.from(w.flat());
    if (weights.some((v) => !Number.isFinite(v)) || b.some((v) => !Number.isFinite(v))) throw new Error(`layers[${l}]: weights and biases must be finite numbers`);
    out.push({ units: layer.units, fanIn: fanIn as number, activation: layer.activation, weights, biases: Float64Array.from(b) });
  }
  return out;
}

/** What a run takes from a saved model: weights and biases, and the normalisation its inputs had; the spec gives the rest. */
export interface ModelStart { parameters: LayerParameters[]; normalization: NormalizationStats | null }

/** Reads --init / Continue Training's model; throws an Error naming the JSON path of anything malformed. */
export function modelStartFromJson(json: unknown): ModelStart {
  const parameters = parametersFromModelJson(json);
  return { parameters, normalization: normalizationFromModelJson((json as Partial<ModelJson>).normalization) };
}

/** A saved model's input mapping; a file without inputScale (older) scales by 1, one without normalization keeps features as they are. */
export function inputMappingFromModelJson(json: unknown): InputMapping {
  const model = json as Partial<ModelJson>;
  const inputScale = model.inputScale ?? 1;
  if (typeof inputScale !== 'number' || !Number.isFinite(inputScale) || inputScale <= 0) throw new Error('inputScale: expected a finite number > 0');
  const normalization = normalizationFromModelJson(model.normalization);
  const width = model.layers?.[0]?.units;
  if (normalization && normalization.method !== 'none' && normalization.shift.length !== width) {
    throw new Error(`normalization: ${normalization.shift.length} features, the input layer has ${width} units`);
  }
  return { inputScale, normalization };
}

function normalizationFromModelJson(value: unknown): NormalizationStats | null {
  if (value === null || value === undefined) return null;
  const stats = value as Partial<NormalizationStats>;
  if (stats.method !== 'none' && stats.method !== 'standardize' && stats.method !== 'minmax') throw new Error('normalization.method: expected "none", "standardize" or "minmax"');
  const finite = (a: unknown): a is number[] => Array.isArray(a) && a.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!finite(stats.shift) || !finite(stats.scale) || stats.shift.length !== stats.scale.length || stats.scale.some((v) => v === 0)) {
    throw new Error('normalization: expected shift and scale arrays of finite numbers of one length (scale ≠ 0)');
  }
  return { method: stats.method, shift: stats.shift, scale: stats.scale };
}
