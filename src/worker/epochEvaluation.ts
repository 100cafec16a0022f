/**
 * The worker's end-of-epoch evaluation: started when a step ends an epoch, then advanced a chunk at a time between
 * messages (a pause, step or stop lands before it completes); the epoch's metrics row once it is done.
 */
import { EpochEvaluation } from '../engine/train/epoch-evaluation';
import type { EpochMetrics } from '../protocol';
import type { ActiveRun } from './activeRun';

/** Samples per evaluation chunk: about one training batch's forward passes, between 32 and 256. */
function evaluationChunk(batchSize: number): number {
  return Math.min(256, Math.max(32, batchSize));
}

export class PendingEvaluation {
  private readonly evaluation: EpochEvaluation;
  private readonly epoch: number;
  private readonly step: number;

  constructor(private readonly run: ActiveRun) {
    this.evaluation = new EpochEvaluation(run.trainer, run.dataset, run.evaluationOrders.train, run.evaluationOrders.test);
    this.epoch = run.trainer.epoch;
    this.step = run.trainer.step;
  }

  /** Evaluates chunk after chunk until done or `now()` reaches `deadline`; the epoch's row when done, else null. */
  advanceUntil(deadline: number, now: () => number): EpochMetrics | null {
    const chunk = evaluationChunk(this.run.info.batchSize);
    while (!this.evaluation.advance(chunk)) if (now() >= deadline) return null;
    return this.metrics(now());
  }

  private metrics(at: number): EpochMetrics {
    const { train, test } = this.evaluation.result();
    return {
      epoch: this.epoch, step: this.step, loss: train.loss, accuracy: train.accuracy,
      testLoss: test?.loss ?? null, testAccuracy: test?.accuracy ?? null, seconds: (at - this.run.startedAt) / 1000,
    };
  }
}
