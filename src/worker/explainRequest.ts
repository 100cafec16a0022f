/**
 * Explain one number of the monitor's δ heatmaps: unit j of layer l for column c of the last mini-batch, recomputed
 * for that sample alone (engine/explain.ts) with the weights the batch was trained on, so the explained δ is the cell's δ.
 */
import { ExplainRangeError } from '../engine/explain';
import { explainTrainingPosition, traceTrainingPosition } from '../engine/explain-sample';
import type { LayerParameters } from '../engine/training-types';
import type { ExplainTarget, ExplanationAnswer } from '../protocol';
import type { ActiveRun } from './activeRun';

/** The weights before a mini-batch's update (kept for steps taken while paused) and which samples formed it. */
export interface BatchWeights { step: number; parameters: LayerParameters[]; samples: Int32Array }

/** Why a running run cannot explain a number. */
export const RUNNING_SENTENCE = 'Pause the run to explain a number: the weights change every step.';

/** The weights of the batch the trainer is about to train (call just before a step taken while paused). */
export function weightsBeforeStep(run: ActiveRun): Omit<BatchWeights, 'samples'> {
  return { step: run.trainer.step + 1, parameters: run.trainer.parameters() };
}

/** The explanation of `target` for the run's last mini-batch, or null with a sentence saying why there is none. */
export function explainLastBatch(run: ActiveRun, kept: BatchWeights | null, target: ExplainTarget): ExplanationAnswer {
  const step = run.trainer.step;
  const none = (error: string, sample: number | null = null): ExplanationAnswer => ({ ...target, step, sample, explanation: null, error });
  if (run.state === 'running' || run.state === 'starting') return none(RUNNING_SENTENCE);
  if (step === 0) return none('Step once to explain a number: no mini-batch has been trained yet.');
  if (!kept || kept.step !== step) {
    return none(`Press Step, then click a δ cell: step ${step} was trained while running, and its update has already changed the weights its δ came from (a step taken while paused keeps them).`);
  }
  if (!Number.isInteger(target.column) || target.column < 0 || target.column >= kept.samples.length) {
    return none(`column ${target.column} does not exist: the mini-batch of step ${step} has columns 0 to ${kept.samples.length - 1}`);
  }
  const position = kept.samples[target.column];
  const sample = run.dataset.train.sourceIndex?.[position] ?? position;
  try {
    const explanation = explainTrainingPosition(run.spec, run.dataset, kept.parameters, position, target.layer, target.unit);
    return { ...target, step, sample, explanation, trace: traceTrainingPosition(run.spec, run.dataset, kept.parameters, position) };
  } catch (error) {
    if (error instanceof ExplainRangeError) return none(error.message, sample);
    throw error;
  }
}
