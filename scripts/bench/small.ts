/** Small-network regime (spiral, 2-8-8-1 tanh, batch 10): training steps per second of this project and brain.js. */
import { FastTrainer } from '../../src/engine/fast/fastTrainer';
import type { Precision } from '../../src/engine/spec/types';
import { ReferenceTrainer } from '../../src/engine/train/trainer';
import { loadDataset, rate, report, spiralSpec } from './common';

export function runSmallOurs(kind: 'fast' | 'reference', precision: Precision, seconds: number): void {
  const spec = spiralSpec(precision);
  const data = loadDataset(spec);
  const trainer = kind === 'fast' ? new FastTrainer(spec, data) : new ReferenceTrainer(spec, data);
  const stepsPerSecond = rate(() => trainer.trainStep(), seconds);
  report({ system: kind === 'fast' ? `fast-${precision}` : 'reference-float64', stepsPerSecond, finalLoss: trainer.evaluate('train').loss });
}

/**
 * brain.js 1.6.1 NeuralNetwork (tanh, hidden [8, 8]): one train() call on a 10-sample slice with iterations 1 is
 * one "step"; brain.js updates after every sample (it has no mini-batches), so a step is 10 updates.
 */
export function runSmallBrain(seconds: number): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- brain.js (CommonJS only) is loaded only when its benchmark runs
  const brain = require('brain.js');
  const data = loadDataset(spiralSpec('float64'));
  const samples = Array.from({ length: data.train.count }, (_, i) => ({
    input: [data.train.x[2 * i] * data.train.xScale, data.train.x[2 * i + 1] * data.train.xScale],
    output: [data.train.labels![i]],
  }));
  const net = new brain.NeuralNetwork({ hiddenLayers: [8, 8], activation: 'tanh', learningRate: 0.03 });
  net.train(samples.slice(0, 10), { iterations: 1, learningRate: 0.03 });
  let s = 0;
  const stepsPerSecond = rate(() => {
    const start = (s++ * 10) % (samples.length - 10);
    net.train(samples.slice(start, start + 10), { iterations: 1, learningRate: 0.03 });
  }, seconds);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above: its version, read only when it runs
  report({ system: 'brain.js', stepsPerSecond, version: require('brain.js/package.json').version });
}
