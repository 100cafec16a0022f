/** Loss and accuracy over a whole split, shared by the trainers: E = (1/n) Σ_c ℓ(a_c, y_c), chunk by chunk. */
import type { Split } from './data/dataset';
import type { Evaluation } from './training-types';

/** What one chunk of samples [start, start + m) adds: its summed loss and its correctly classified count. */
export type EvaluateChunk = (start: number, m: number) => { lossSum: number; correct: number };

/** Runs `evaluateChunk` over the split in chunks of at most `chunkSize` samples and averages (NaN loss when empty). */
export function evaluateSplit(split: Split, classification: boolean, chunkSize: number, evaluateChunk: EvaluateChunk): Evaluation {
  if (split.count === 0) return { loss: NaN, accuracy: null };
  let lossSum = 0, correct = 0;
  for (let start = 0; start < split.count; start += chunkSize) {
    const chunk = evaluateChunk(start, Math.min(chunkSize, split.count - start));
    lossSum += chunk.lossSum;
    correct += chunk.correct;
  }
  return { loss: lossSum / split.count, accuracy: classification ? correct / split.count : null };
}
