/** Fashion-MNIST runners: this project's fast trainer (full epochs) and float64 reference trainer (a subset). */
import { FastTrainer } from '../../src/engine/fast/fastTrainer';
import type { Precision } from '../../src/engine/spec/types';
import { ReferenceTrainer } from '../../src/engine/train/trainer';
import { fashionSpec, loadDataset, report, startWorker } from './common';
import { timeEpoch } from './monitor';

export function runFast(precision: Precision, threads: number, epochs: number): void {
  const spec = fashionSpec(precision, threads);
  const data = loadDataset(spec);
  const trainer = new FastTrainer(spec, data, { threads, startThread: startWorker, adoptData: true });
  const epochSeconds: number[] = [];
  let testAccuracy = NaN;
  for (let e = 0; e < epochs; e++) {
    epochSeconds.push(timeEpoch(trainer));
    if (e === 0) testAccuracy = trainer.evaluate('test').accuracy ?? NaN;
  }
  trainer.dispose();
  report({ system: `fast-${precision}-t${trainer.threads}`, epochSeconds, testAccuracy, wasmMB: trainer.memoryBytes / 2 ** 20 });
}

/** The float64 TypeScript reference trainer on the first `steps` batches, extrapolated to an epoch. */
export function runReference(steps: number): void {
  const spec = fashionSpec('float64');
  const data = loadDataset(spec);
  const trainer = new ReferenceTrainer(spec, data);
  trainer.trainStep();
  const start = performance.now();
  for (let s = 0; s < steps; s++) trainer.trainStep();
  const perStep = (performance.now() - start) / 1000 / steps;
  report({ system: 'reference-float64', epochSeconds: [perStep * trainer.stepsPerEpoch], subsetSamples: steps * 64, testAccuracy: null });
}
