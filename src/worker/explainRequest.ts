/**
 * Explain one number of the monitor: a δ cell (unit j of layer l, column c of the last mini-batch), recomputed for
 * that sample alone (engine/explain/unit.ts) with the weights the batch was trained on, so the explained δ is the cell's δ;
 * then that step's batch means of ∂E/∂b_j and ∂E/∂W_jk and the optimizer's update (engine/explain/batch-step.ts), with
 * the optimizer's state before the step. A ∂E/∂W cell (no column) gets the step part alone.
 */
import { ExplainRangeError } from '../engine/explain/unit';
import type { ParameterStep, TrainingStepExplanation } from '../engine/explain/batch-step';
import { explainTrainingBatch, explainTrainingPosition, traceTrainingPosition } from '../engine/explain/requests';
import type { OptimizerState } from '../engine/nn/optimizers';
import type { LayerParameters } from '../engine/train/training-types';
import type { ExplainTarget, ExplanationAnswer } from '../protocol';
import type { ActiveRun } from './activeRun';

/** The weights and optimizer state before a mini-batch's update (kept for steps taken while paused) and which samples formed it. */
export interface BatchWeights { step: number; parameters: LayerParameters[]; optimizer: OptimizerState; samples: Int32Array }

/** Why a running run cannot explain a number. */
export const RUNNING_SENTENCE = 'Pause the run to explain a number: the weights change every step.';

/** The weights and optimizer state of the batch the trainer is about to train (call just before a step taken while paused). */
export function weightsBeforeStep(run: ActiveRun): Omit<BatchWeights, 'samples'> {
  return { step: run.trainer.step + 1, parameters: run.trainer.parameters(), optimizer: run.trainer.optimizerState() };
}

/** Why `kept` cannot explain the run's last batch, or null when it can. */
function refusal(run: ActiveRun, kept: BatchWeights | null): string | null {
  const step = run.trainer.step;
  if (run.state === 'running' || run.state === 'starting') return RUNNING_SENTENCE;
  if (step === 0) return 'Step once to explain a number: no mini-batch has been trained yet.';
  if (!kept || kept.step !== step) {
    return `Press Step, then click a δ cell: step ${step} was trained while running, and its update has already changed the weights its δ came from (a step taken while paused keeps them).`;
  }
  return null;
}

/** The explanation of `target` for the run's last mini-batch, or null with a sentence saying why there is none. */
export function explainLastBatch(run: ActiveRun, kept: BatchWeights | null, target: ExplainTarget): ExplanationAnswer {
  const step = run.trainer.step;
  const none = (error: string, sample: number | null = null): ExplanationAnswer => ({ ...target, step, sample, explanation: null, error });
  const refused = refusal(run, kept);
  if (refused || !kept) return none(refused ?? 'No kept batch.');
  const column = target.column;
  if (column !== null && (!Number.isInteger(column) || column < 0 || column >= kept.samples.length)) {
    return none(`column ${column} does not exist: the mini-batch of step ${step} has columns 0 to ${kept.samples.length - 1}`);
  }
  const position = column === null ? null : kept.samples[column];
  const sample = position === null ? null : run.dataset.train.sourceIndex?.[position] ?? position;
  try {
    const explanation = position === null ? null : explainTrainingPosition(run.spec, run.dataset, kept.parameters, position, target.layer, target.unit);
    const training = withTrainedValues(explainTrainingBatch(run.spec, run.dataset, kept.parameters, kept.optimizer, kept.samples, target), run.trainer.parameters());
    const trace = position === null ? undefined : traceTrainingPosition(run.spec, run.dataset, kept.parameters, position);
    return { ...target, step, sample, explanation, training, ...(trace ? { trace } : {}) };
  } catch (error) {
    if (error instanceof ExplainRangeError) return none(error.message, sample);
    throw error;
  }
}

/** Adds each parameter's value in the trainer after the step (float32 runs differ from the float64 arithmetic in the last digits). */
function withTrainedValues(training: TrainingStepExplanation, after: LayerParameters[]): TrainingStepExplanation {
  const trained = (p: ParameterStep): ParameterStep => {
    const layer = after[p.layer - 1];
    return { ...p, trained: p.parameter === 'bias' ? layer.biases[p.unit] : layer.weights[p.unit * layer.fanIn + p.input!] };
  };
  return { ...training, bias: trained(training.bias), weight: trained(training.weight) };
}
