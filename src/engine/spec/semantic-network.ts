/** Semantic rules on the network itself: layer roles, output activation vs loss, optimizer settings. */
import { formatPath } from './diagnostics';
import { SpecView } from './spec-view';

/** learningRate above this is flagged (adam's steps are ~η per weight, so its range is lower). */
const HIGH_LEARNING_RATE: Record<string, number> = { sgd: 1, momentum: 1, adam: 0.1 };
const LOW_LEARNING_RATE = 1e-6;

/** Optimizer fields and the one optimizer type that reads each. */
const OPTIMIZER_FIELD_OWNER: Record<string, string> = { momentum: 'momentum', beta1: 'adam', beta2: 'adam', epsilon: 'adam' };

/** Index of the output layer L, or undefined when there is no dense layer. */
export function outputLayerIndex(view: SpecView): number | undefined {
  const count = view.length(['layers']);
  return count !== undefined && count >= 2 ? count - 1 : undefined;
}

/** layers[0] is input-only, at least one dense layer follows, softmax only at the output. */
export function checkLayerRoles(view: SpecView): void {
  const count = view.length(['layers']);
  if (count === undefined) return;
  if (count === 0) {
    view.report('error', 'no-dense-layer', ['layers'], 'layers is empty: start with the input layer { "units": <features> } and add at least one dense layer.');
    return;
  }
  if (count === 1) {
    view.report('error', 'no-dense-layer', ['layers'], 'layers has only the input layer: add at least one dense layer, e.g. { "units": 1, "activation": "sigmoid" }.');
  }
  if (view.has(['layers', 0, 'activation'])) {
    view.report('error', 'input-layer-activation', ['layers', 0, 'activation'],
      'layers[0] is the input layer: it holds the features and takes no activation. Remove "activation", or insert an input layer { "units": <features> } before it.');
  }
  for (let l = 1; l < count - 1; l++) {
    if (view.string(['layers', l, 'activation']) !== 'softmax') continue;
    view.report('error', 'softmax-hidden', ['layers', l, 'activation'],
      `softmax is only allowed on the output layer (layers[${count - 1}]), not on hidden layer layers[${l}]: use relu, tanh or sigmoid here.`, { suggestion: 'relu' });
  }
}

/** Output activation against the loss: cross_entropy needs sigmoid or softmax (several sigmoids: a one-vs-rest hint); softmax needs ≥ 2 units. */
export function checkOutputAndLoss(view: SpecView): void {
  const L = outputLayerIndex(view);
  if (L === undefined) return;
  const activation = view.string(['layers', L, 'activation']);
  const units = view.number(['layers', L, 'units']);
  const loss = view.string(['loss']);
  const output = `layers[${L}]`;
  if (activation === 'softmax' && units === 1) {
    view.report('error', 'softmax-single-unit', ['layers', L, 'activation'],
      `softmax over 1 unit always outputs 1, so nothing is learned: use "sigmoid" for a single output unit, or one unit per class.`, { suggestion: 'sigmoid' });
  }
  if (loss === 'cross_entropy' && activation !== undefined && activation !== 'sigmoid' && activation !== 'softmax') {
    const suggestion = units === 1 ? 'sigmoid' : 'softmax';
    view.report('error', 'loss-activation-mismatch', ['loss'],
      `cross_entropy needs a sigmoid or softmax output, but ${output} uses ${activation}: set its activation to "${suggestion}", or use "loss": "mse".`,
      { outputLayer: L, suggestedActivation: suggestion, suggestedLoss: 'mse' });
  } else if (loss === 'cross_entropy' && activation === 'sigmoid' && units !== undefined && units > 1) {
    view.report('info', 'sigmoid-one-vs-rest', ['layers', L, 'activation'],
      `${units} sigmoid units with cross_entropy are one-vs-rest: each unit learns "this class or not" on its own (E = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)], δ^L = a − y). When each sample has exactly one class, "softmax" couples the units so the outputs sum to 1.`,
      { suggestion: 'softmax' });
  } else if (loss === 'mse' && activation === 'softmax') {
    view.report('info', 'mse-softmax', ['loss'],
      `mse with a softmax output works (backprop uses the exact softmax Jacobian) but learns slowly when the output is confidently wrong; "cross_entropy" gives δ^L = a − y.`,
      { suggestedLoss: 'cross_entropy' });
  }
}

/** learningRate in a sensible range for the optimizer type (≤ 0 is the schema's error), and fields the type ignores. */
export function checkOptimizer(view: SpecView): void {
  const type = view.string(['optimizer', 'type']);
  const rate = view.number(['optimizer', 'learningRate']);
  const high = type !== undefined && Object.hasOwn(HIGH_LEARNING_RATE, type) ? HIGH_LEARNING_RATE[type] : undefined;
  const path = ['optimizer', 'learningRate'];
  if (rate !== undefined && high !== undefined && rate > high) {
    view.report('warning', 'learning-rate-high', path,
      `${formatPath(path)} is ${rate}, above ${high} for ${type}: the loss will likely oscillate or explode (NaN); try ${type === 'adam' ? 0.001 : 0.1}.`,
      { suggestion: type === 'adam' ? 0.001 : 0.1 });
  } else if (rate !== undefined && rate > 0 && rate < LOW_LEARNING_RATE) {
    view.report('info', 'learning-rate-low', path, `${formatPath(path)} is ${rate}: the weights will barely move; typical values are 0.001–1.`);
  }
  for (const [field, owner] of Object.entries(OPTIMIZER_FIELD_OWNER)) {
    if (type === undefined || type === owner || !view.has(['optimizer', field])) continue;
    view.report('warning', 'option-ignored', ['optimizer', field], `optimizer.${field} only applies to "type": "${owner}" and is ignored by ${type}: remove it, or switch the type.`);
  }
}
