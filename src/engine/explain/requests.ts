/**
 * Explain a training sample of a spec's data: sample N is the N-th sample of the source in file order (CSV data row
 * N after the header, IDX image N, the N-th generated builtin sample), after the spec's normalisation.
 */
import type { Dataset, Split } from '../data/dataset';
import { fillBatch, fillTargets } from '../data/batch';
import { ExplainRangeError, explainUnit, type ExplainRequest, type UnitExplanation } from './unit';
import { explainTrainingStep, type TrainingStepExplanation } from './batch-step';
import type { OptimizerState } from '../nn/optimizers';
import { lossOfSpec } from '../nn/losses';
import { Rng } from '../nn/rng';
import { traceSample, type SampleTrace } from './trace';
import { DEFAULTS, isCsvData, isIdxData, type NetworkSpec } from '../spec/types';
import { networkFromSpec } from '../train/trainer';
import type { LayerParameters } from '../train/training-types';

/** The source index of each training sample (identity when the split does not record it). */
function sourceIndexOf(split: Split): ArrayLike<number> {
  return split.sourceIndex ?? Int32Array.from({ length: split.count }, (_, i) => i);
}

/** True when the test split was carved from the training source by testFraction (no separate test files). */
function testFromSameSource(spec: NetworkSpec): boolean {
  const data = spec.data;
  if (isCsvData(data)) return data.testCsv === undefined;
  if (isIdxData(data)) return data.idx.testImages === undefined;
  return true;
}

/** Position in dataset.train of source sample N, or an ExplainRangeError saying why there is none. */
export function trainingPosition(spec: NetworkSpec, dataset: Dataset, sample: number): number {
  const sources = sourceIndexOf(dataset.train);
  const total = dataset.train.count + (testFromSameSource(spec) ? dataset.test.count : 0);
  if (!Number.isInteger(sample) || sample < 0 || sample >= total) {
    throw new ExplainRangeError(`sample ${sample} does not exist: the training data has samples 0 to ${total - 1}`, 'sample');
  }
  let nearest = -1;
  for (let i = 0; i < dataset.train.count; i++) {
    if (sources[i] === sample) return i;
    if (nearest < 0 || Math.abs(sources[i] - sample) < Math.abs(sources[nearest] - sample)) nearest = i;
  }
  const fraction = 'testFraction' in spec.data ? spec.data.testFraction : undefined;
  throw new ExplainRangeError(`sample ${sample} is in the test split (testFraction ${fraction}), not a training sample; the nearest training sample is ${sources[nearest]}`, 'sample');
}

/**
 * Explains one unit for one training sample, in the spec's network (activations and loss from the spec) holding
 * `params` (a saved model's weights) or, without them, the spec's seeded initialisation.
 */
export function explainTrainingSample(spec: NetworkSpec, dataset: Dataset, params: LayerParameters[] | undefined, request: ExplainRequest): UnitExplanation {
  return explainTrainingPosition(spec, dataset, params, trainingPosition(spec, dataset, request.sample), request.layer, request.unit);
}

/** The spec's network holding `params` (or its seeded initialisation), its loss, and dataset.train's sample at `position`. */
function samplePass(spec: NetworkSpec, dataset: Dataset, params: LayerParameters[] | undefined, position: number) {
  const net = networkFromSpec(spec, new Rng(spec.seed ?? DEFAULTS.seed), params);
  const order = Int32Array.of(position);
  const x = new Float64Array(dataset.inputSize), y = new Float64Array(net.layer(net.depth).units);
  fillBatch(dataset.train, dataset.inputSize, order, 0, 1, x);
  fillTargets(dataset, dataset.train, order, 0, 1, y.length, y);
  return { net, loss: lossOfSpec(spec), x, y };
}

/** Explains one unit for dataset.train's sample at `position` (a trainer's batch order), with `params` or the spec's initialisation. */
export function explainTrainingPosition(spec: NetworkSpec, dataset: Dataset, params: LayerParameters[] | undefined, position: number, layer: number, unit: number): UnitExplanation {
  const { net, loss, x, y } = samplePass(spec, dataset, params, position);
  return explainUnit(net, loss, x, y, layer, unit);
}

/** The whole network's a, δ, W and ∂E_x/∂W for dataset.train's sample at `position` (the network diagram's data). */
export function traceTrainingPosition(spec: NetworkSpec, dataset: Dataset, params: LayerParameters[] | undefined, position: number): SampleTrace {
  const { net, loss, x, y } = samplePass(spec, dataset, params, position);
  return traceSample(net, loss, x, y);
}

/**
 * Explains the training step of one unit for the mini-batch of dataset.train's samples at `positions` (column order),
 * trained with `params` and the optimizer in `state`: the batch means of ∂E/∂b_j and ∂E/∂W_jk and their updates.
 */
export function explainTrainingBatch(spec: NetworkSpec, dataset: Dataset, params: LayerParameters[], state: OptimizerState, positions: Int32Array, target: { layer: number; unit: number; input?: number }): TrainingStepExplanation {
  const net = networkFromSpec(spec, new Rng(spec.seed ?? DEFAULTS.seed), params);
  const m = positions.length;
  const x = new Float64Array(dataset.inputSize * m), y = new Float64Array(net.layer(net.depth).units * m);
  fillBatch(dataset.train, dataset.inputSize, positions, 0, m, x);
  fillTargets(dataset, dataset.train, positions, 0, m, net.layer(net.depth).units, y);
  return explainTrainingStep(net, lossOfSpec(spec), { x, y, m }, state, target.layer, target.unit, target.input);
}
