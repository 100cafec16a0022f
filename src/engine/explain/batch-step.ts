/**
 * Explain one training step of unit j of layer l: BP3/BP4 averaged over the mini-batch, ∂E/∂θ = (1/m) Σ_i (δ_j a_k)^(i),
 * the sample by sample terms beside backward()'s own batch value, and the optimizer's update of b_j and one W_jk.
 */
import { forwardBackward } from '../nn/backprop';
import { checkUnitExists, ExplainRangeError } from './unit';
import { explainUpdate, type ParameterUpdate } from './update';
import type { Loss } from '../nn/losses';
import { Matrix } from '../nn/matrix';
import type { Network } from '../nn/network';
import type { OptimizerState } from '../nn/optimizers';

/** Sample i's term of the batch sum: δ_j^(i) a_k^(i) for a weight, δ_j^(i) for a bias (input 1). */
interface SampleShare { column: number; delta: number; input: number; product: number }

/** ∂E/∂θ = (1/m) Σ_i share_i: every sample's share sorted by |product|, their sum and mean, and backward()'s value. */
interface BatchMean { m: number; shares: SampleShare[]; sum: number; mean: number; engine: number }

/** One parameter's training step: the batch mean of its gradient and the optimizer's update. */
export interface ParameterStep {
  parameter: 'weight' | 'bias';
  layer: number;
  unit: number;
  /** k of W_jk; null for the bias. */
  input: number | null;
  batch: BatchMean;
  update: ParameterUpdate;
  /** The value the trainer holds after the step, when known (a float32 run's differs from update.after in the last digits). */
  trained?: number;
}

/** The step of unit j's bias and of one of its weights (the largest |∂E/∂W_jk| unless k was asked for). */
export interface TrainingStepExplanation { m: number; chosen: 'largest' | 'asked'; bias: ParameterStep; weight: ParameterStep }

/** A mini-batch of m samples as columns: inputs x (inputs × m) and targets y (outputs × m), row-major. */
export interface Batch { x: Float64Array; y: Float64Array; m: number }

/** (1/m) Σ_i δ_j^(i) · input_i over the batch's columns, beside the engine's batch value. */
function batchMean(delta: Matrix, j: number, inputOf: (column: number) => number, engine: number): BatchMean {
  const m = delta.cols;
  const shares = Array.from({ length: m }, (_, column) => {
    const d = delta.data[j * m + column], input = inputOf(column);
    return { column, delta: d, input, product: d * input };
  });
  const sum = shares.reduce((s, t) => s + t.product, 0);
  return { m, shares: shares.sort((p, q) => Math.abs(q.product) - Math.abs(p.product)), sum, mean: sum / m, engine };
}

/** k with the largest |∂E/∂W_jk| of the batch. */
function largestWeightGradient(dW: Matrix, j: number): number {
  let best = 0;
  for (let k = 1; k < dW.cols; k++) if (Math.abs(dW.data[j * dW.cols + k]) > Math.abs(dW.data[j * dW.cols + best])) best = k;
  return best;
}

/**
 * Explains the training step of unit `unit` in layer `layer` for a batch trained with the network's weights and the
 * optimizer's state before the step: b_j and W_jk for k = `input`, or the k of the largest |∂E/∂W_jk| when omitted.
 */
export function explainTrainingStep(net: Network, loss: Loss, batch: Batch, state: OptimizerState, layer: number, unit: number, input?: number): TrainingStepExplanation {
  checkUnitExists(net, layer, unit);
  const { pass, g } = forwardBackward(net, loss, batch.x, batch.y, batch.m); // what the trainer computed for this step
  const { W, b, fanIn } = net.layer(layer);
  if (input !== undefined && (!Number.isInteger(input) || input < 0 || input >= fanIn)) {
    throw new ExplainRangeError(`input ${input} does not exist: the weights of layer ${layer} have inputs 0 to ${fanIn - 1}`, 'unit');
  }
  const k = input ?? largestWeightGradient(g.dW[layer], unit);
  const index = unit * fanIn + k, aPrev = pass.a[layer - 1];
  const weightMean = batchMean(g.delta[layer], unit, (c) => aPrev.data[k * batch.m + c], g.dW[layer].data[index]);
  const biasMean = batchMean(g.delta[layer], unit, () => 1, g.db[layer][unit]);
  return {
    m: batch.m, chosen: input === undefined ? 'largest' : 'asked',
    weight: { parameter: 'weight', layer, unit, input: k, batch: weightMean, update: explainUpdate(state, { layer, parameter: 'weight', index }, W.data[index], weightMean.engine) },
    bias: { parameter: 'bias', layer, unit, input: null, batch: biasMean, update: explainUpdate(state, { layer, parameter: 'bias', index: unit }, b[unit], biasMean.engine) },
  };
}
