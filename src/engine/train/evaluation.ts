/** Loss and accuracy over samples of a split, shared by the trainers: E = (1/n) Σ_c ℓ(a_c, y_c), chunk by chunk. */
import type { Evaluation, EvaluationSums } from './training-types';
export type { EvaluationSums } from './training-types';


/** What one chunk of samples [start, start + m) of an order adds. */
export type EvaluateChunk = (start: number, m: number) => EvaluationSums;

/** Sums `evaluateChunk` over order positions [start, start + count) in chunks of at most `chunkSize` samples. */
export function sumChunks(start: number, count: number, chunkSize: number, evaluateChunk: EvaluateChunk): EvaluationSums {
  let lossSum = 0, correct = 0;
  for (let at = start; at < start + count; at += chunkSize) {
    const chunk = evaluateChunk(at, Math.min(chunkSize, start + count - at));
    lossSum += chunk.lossSum;
    correct += chunk.correct;
  }
  return { lossSum, correct };
}

/** The mean loss (NaN when n = 0) and, for classification, the accuracy of `sums` over n samples. */
export function evaluationOf(sums: EvaluationSums, n: number, classification: boolean): Evaluation {
  if (n === 0) return { loss: NaN, accuracy: null };
  return { loss: sums.lossSum / n, accuracy: classification ? sums.correct / n : null };
}
