/** Step and epoch bookkeeping shared by the trainers: which samples the next mini-batch takes, and when an epoch ends. */
import type { Rng } from '../nn/rng';
import type { StepResult } from './training-types';

export class EpochCounter {
  epoch = 0;
  stepInEpoch = 0;
  step = 0;
  readonly batchSize: number;
  readonly stepsPerEpoch: number;
  /** Sample indices in this epoch's order (reshuffled at each epoch end when shuffling). */
  readonly order: Int32Array;
  /** The dataset indices of the last trained mini-batch, in batch-column order (kept across the epoch-end reshuffle). */
  private readonly lastOrder: Int32Array;
  private lastCount = 0;

  constructor(private readonly sampleCount: number, batchSize: number, private readonly rng: Rng, private readonly shuffle: boolean) {
    this.batchSize = Math.max(1, Math.min(batchSize, sampleCount));
    this.stepsPerEpoch = Math.ceil(sampleCount / this.batchSize);
    this.order = Int32Array.from({ length: sampleCount }, (_, i) => i);
    if (shuffle) rng.shuffleInPlace(this.order);
    this.lastOrder = new Int32Array(this.batchSize);
  }

  /** Column c of the last trained mini-batch is training sample lastBatch()[c] (a copy; empty before the first step). */
  lastBatch(): Int32Array { return this.lastOrder.slice(0, this.lastCount); }

  /** The next mini-batch: samples order[start … start + m − 1] (the last batch of an epoch may be short). */
  nextBatch(): { start: number; m: number } {
    const start = this.stepInEpoch * this.batchSize;
    return { start, m: Math.min(this.batchSize, this.sampleCount - start) };
  }

  /** Records one trained mini-batch with its loss; epochEnd is true when it finished an epoch (then reshuffles). */
  advance(loss: number): StepResult {
    const { start, m } = this.nextBatch();
    this.lastOrder.set(this.order.subarray(start, start + m));
    this.lastCount = m;
    const result: StepResult = { loss, epoch: this.epoch, stepInEpoch: this.stepInEpoch, step: ++this.step, epochEnd: false };
    if (++this.stepInEpoch >= this.stepsPerEpoch) {
      result.epochEnd = true;
      this.stepInEpoch = 0;
      this.epoch++;
      if (this.shuffle) this.rng.shuffleInPlace(this.order);
    }
    return result;
  }
}
