/** What every trainer (the reference TypeScript one and the fast WebAssembly one) offers its callers. */
import type { OptimizerState } from '../nn/optimizers';
import type { ActivationName } from '../spec/types';

/** Loss (and accuracy for classification) over a split. */
export interface Evaluation {
  loss: number;
  accuracy: number | null;
}

/** One layer's view of the last mini-batch: matrices are row-major (units × batch) unless noted. */
export interface LayerSnapshot {
  layer: number;
  units: number;
  activation: ActivationName;
  batchSize: number;
  z: Float64Array;
  a: Float64Array;
  /** δ^l = ∂E/∂z^l (units × batch), per sample (not batch-averaged). */
  delta: Float64Array;
  /** σ'(z^l) (units × batch); for softmax, the diagonal of the Jacobian. */
  sigmaPrime: Float64Array;
  /** (W^{l+1})ᵀ δ^{l+1}, or ∇_a E at the output layer (units × batch): BP2's first factor. */
  upstream: Float64Array;
  /** ∂E/∂W^l (units × fanIn), batch-averaged: BP4. */
  dW: Float64Array;
  /** ∂E/∂b^l (units), batch-averaged: BP3. */
  db: Float64Array;
  fanIn: number;
}

export interface StepResult {
  /** Mean loss of the mini-batch just trained (before the update). */
  loss: number;
  /** 0-based epoch the step belonged to. */
  epoch: number;
  /** Step index within the epoch (0-based). */
  stepInEpoch: number;
  /** Global step count after this step. */
  step: number;
  /** True when this step finished an epoch. */
  epochEnd: boolean;
}

/** Dense-layer parameters as plain arrays: weights[j][k] = W^l_jk. */
export interface LayerParameters {
  units: number;
  activation: ActivationName;
  weights: Float64Array; // row-major units × fanIn
  biases: Float64Array;
  fanIn: number;
}

/** One layer's ‖W^l‖, ‖∂E/∂W^l‖ of the last batch and ‖W^l − W^l_held‖ (Frobenius norms). */
export interface WeightNorms { weightNorm: number; gradNorm: number; updateNorm: number }

export interface Trainer {
  readonly stepsPerEpoch: number;
  readonly epoch: number;
  readonly step: number;
  /** Trains one mini-batch. */
  trainStep(): StepResult;
  /** Loss and accuracy over a whole split with the current weights. */
  evaluate(split: 'train' | 'test'): Evaluation;
  /** Summed loss and correct count over samples order[start, start + count) of a split, with the current weights. */
  evaluateSamples(split: 'train' | 'test', order: Int32Array, start: number, count: number): EvaluationSums;
  /** Per-layer z, a, δ, σ', ∂E/∂W, ∂E/∂b of the last mini-batch (copies). */
  snapshot(): LayerSnapshot[];
  /** The training-split positions of the last mini-batch's samples: column c of snapshot() is sample lastBatchSamples()[c]. */
  lastBatchSamples(): Int32Array;
  /** Current parameters (copies, float64). */
  parameters(): LayerParameters[];
  /** Keeps a copy of every layer's weights (reused memory) that weightNorms measures the next update against. */
  holdWeights(): void;
  /** Per layer ‖W‖, ‖∂E/∂W‖ and ‖W − W_held‖ read in place (W_held: the initial weights until the first hold). */
  weightNorms(): WeightNorms[];
  /** The optimizer's constants and state before the next step (copies, float64). */
  optimizerState(): OptimizerState;
  setLearningRate(learningRate: number): void;
  dispose(): void;
}

/** What some samples add to an evaluation: their summed loss and their correctly classified count. */
export interface EvaluationSums { lossSum: number; correct: number }
