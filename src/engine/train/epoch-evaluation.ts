/**
 * The end-of-epoch evaluation, shared by the worker and the CLI: the training figures over a fixed seeded sample of
 * at most TRAIN_EVALUATION_SAMPLES training samples (all of them when the split is that small), the test split in
 * full; run a chunk at a time (advance) so a cooperative loop can handle messages in between.
 */
import type { Dataset } from '../data/dataset';
import { evaluationOf, type EvaluationSums } from './evaluation';
import { Rng } from '../nn/rng';
import type { Evaluation, Trainer } from './training-types';

/** Training samples evaluated after each epoch at most (Fashion-MNIST: 5,000 of 60,000). */
export const TRAIN_EVALUATION_SAMPLES = 5000;

/** The training samples evaluated after every epoch: all when n ≤ limit, else a seeded sample of `limit`, ascending. */
export function trainEvaluationOrder(trainCount: number, seed: number, limit = TRAIN_EVALUATION_SAMPLES): Int32Array {
  const all = Int32Array.from({ length: trainCount }, (_, i) => i);
  if (trainCount <= limit) return all;
  new Rng(seed + 104_729).shuffleInPlace(all);
  return all.slice(0, limit).sort();
}

export interface EpochEvaluationResult {
  /** Over the evaluated training samples (trainSamples of them). */
  train: Evaluation;
  trainSamples: number;
  /** Over the whole test split; null when there is none. */
  test: Evaluation | null;
}

interface Part { split: 'train' | 'test'; order: Int32Array; count: number; done: number; sums: EvaluationSums }

/** One end-of-epoch evaluation with the trainer's current weights: the training sample first, then the test split. */
export class EpochEvaluation {
  private readonly parts: Part[];

  constructor(private readonly trainer: Trainer, private readonly dataset: Dataset, trainOrder: Int32Array, testOrder: Int32Array) {
    const part = (split: Part['split'], order: Int32Array): Part => ({ split, order, count: order.length, done: 0, sums: { lossSum: 0, correct: 0 } });
    this.parts = [part('train', trainOrder), part('test', testOrder)];
  }

  get done(): boolean {
    return this.parts.every((p) => p.done === p.count);
  }

  /** Evaluates up to `maxSamples` more samples; true when the evaluation is complete. */
  advance(maxSamples: number): boolean {
    let left = maxSamples;
    for (const p of this.parts) {
      const m = Math.min(left, p.count - p.done);
      if (m <= 0) continue;
      const sums = this.trainer.evaluateSamples(p.split, p.order, p.done, m);
      p.sums.lossSum += sums.lossSum;
      p.sums.correct += sums.correct;
      p.done += m;
      left -= m;
    }
    return this.done;
  }

  /** The figures (call when done). */
  result(): EpochEvaluationResult {
    const classification = this.dataset.task === 'classification';
    const [train, test] = this.parts;
    return {
      train: evaluationOf(train.sums, train.count, classification), trainSamples: train.count,
      test: test.count > 0 ? evaluationOf(test.sums, test.count, classification) : null,
    };
  }
}

/** The orders an EpochEvaluation walks for a run: its training sample and the whole test split. */
export function epochEvaluationOrders(dataset: Dataset, seed: number): { train: Int32Array; test: Int32Array } {
  return { train: trainEvaluationOrder(dataset.train.count, seed), test: Int32Array.from({ length: dataset.test.count }, (_, i) => i) };
}

/** The whole end-of-epoch evaluation at once (the CLI). */
export function evaluateEpoch(trainer: Trainer, dataset: Dataset, orders: { train: Int32Array; test: Int32Array }): EpochEvaluationResult {
  const evaluation = new EpochEvaluation(trainer, dataset, orders.train, orders.test);
  evaluation.advance(Infinity);
  return evaluation.result();
}
