/** Step and epoch bookkeeping shared by the trainers: which mini-batch comes next, and when an epoch ends. */
import type { StepResult } from './training-types';

export class EpochCounter {
  epoch = 0;
  stepInEpoch = 0;
  step = 0;

  constructor(readonly stepsPerEpoch: number) {}

  /** Records one trained mini-batch with its loss; epochEnd is true when it finished an epoch. */
  advance(loss: number): StepResult {
    const result: StepResult = { loss, epoch: this.epoch, stepInEpoch: this.stepInEpoch, step: ++this.step, epochEnd: false };
    if (++this.stepInEpoch >= this.stepsPerEpoch) {
      result.epochEnd = true;
      this.stepInEpoch = 0;
      this.epoch++;
    }
    return result;
  }
}
