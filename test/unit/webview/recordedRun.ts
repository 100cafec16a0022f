/**
 * A real event stream for webview tests: trains a small spiral network with the engine and turns each step into the
 * HostToWebview messages the host would forward (started with the plane points, runState, progress, snapshot with boundary, epoch, gradcheck).
 */
import type { HostToWebview } from '../../../src/protocol';
import { checkGradients, createTrainer, prepareRun } from '../../../src/engine/train/run';
import { decisionBoundary } from '../../../src/engine/monitor/layer-summaries';
import { gradCheckMessage, runInfo, snapshotHealth, snapshotMessage } from '../../../src/worker/messages';
import { HealthWindow } from '../../../src/engine/monitor/health';
import { explainTrainingBatch, explainTrainingPosition, traceTrainingPosition } from '../../../src/engine/explain/requests';
import { planePoints } from '../../../src/worker/planePoints';
import { firstLayerWeights } from '../../../src/worker/firstLayerWeights';

const SPIRAL_SPEC = `{
  "name": "spiral-test",
  "seed": 3,
  "data": { "builtin": "spiral", "samples": 120, "noise": 0, "testFraction": 0.25 },
  "layers": [ { "units": 2 }, { "units": 6, "activation": "tanh" }, { "units": 5, "activation": "relu" }, { "units": 1, "activation": "sigmoid" } ],
  "loss": "cross_entropy",
  "optimizer": { "type": "adam", "learningRate": 0.02 },
  "training": { "epochs": 4, "batchSize": 8 }
}`;

export interface RecordOptions { snapshotEvery?: number; includeWeightGradients?: boolean; epochs?: number }

/** Messages of a whole run, in the order the host sends them; the last one is runState 'finished'. */
export function recordSpiralRun(options: RecordOptions = {}): HostToWebview[] {
  const { spec, dataset } = prepareRun(SPIRAL_SPEC, () => { throw new Error('builtin data reads no file'); });
  if (options.epochs) spec.training.epochs = options.epochs;
  const trainer = createTrainer(spec, dataset);
  const info = runInfo('run-recorded', '/work/spiral-test.nn.json', SPIRAL_SPEC, spec, dataset, { chosen: { trainer, fallback: null }, trainEvaluationSamples: dataset.train.count });
  const points0 = planePoints(dataset, info.seed) ?? undefined;
  const messages: HostToWebview[] = [{ type: 'started', info, points: points0 }, { type: 'runState', state: 'running' }];
  const every = options.snapshotEvery ?? 3;
  let points: { step: number; loss: number }[] = [];
  while (trainer.epoch < spec.training.epochs) {
    const result = trainer.trainStep();
    points.push({ step: result.step, loss: result.loss });
    if (result.step % every === 0) {
      messages.push({ type: 'progress', points });
      points = [];
      const snapshot = snapshotMessage(trainer.snapshot(), trainer.step, trainer.epoch, options.includeWeightGradients ?? false);
      snapshot.boundary = decisionBoundary(dataset, trainer.parameters(), 24) ?? undefined;
      messages.push({ type: 'snapshot', snapshot });
    }
    if (result.epochEnd) {
      const train = trainer.evaluate('train'), test = trainer.evaluate('test');
      messages.push({ type: 'epoch', metrics: { epoch: trainer.epoch, step: trainer.step, loss: train.loss, accuracy: train.accuracy, testLoss: test.loss, testAccuracy: test.accuracy, seconds: trainer.step / 100 } });
      messages.push({ type: 'gradcheck', result: gradCheckMessage(checkGradients(spec, dataset, trainer.parameters()), trainer.step) });
    }
  }
  if (points.length) messages.push({ type: 'progress', points });
  messages.push({ type: 'runState', state: 'finished' });
  trainer.dispose();
  return messages;
}

/** The host's answer to explaining unit `unit` of layer `layer` for training sample position 3 after 2 epochs of the spiral run. */
export function spiralExplanation(layer: number, unit: number): HostToWebview {
  const { spec, dataset } = prepareRun(SPIRAL_SPEC, () => { throw new Error('builtin data reads no file'); });
  const trainer = createTrainer(spec, dataset);
  while (trainer.epoch < 2) trainer.trainStep();
  const parameters = trainer.parameters(), position = 3, batch = Int32Array.of(position, 5, 8, 13);
  const answer: HostToWebview = {
    type: 'explanation', layer, unit, column: 0, step: trainer.step, sample: dataset.train.sourceIndex?.[position] ?? position,
    explanation: explainTrainingPosition(spec, dataset, parameters, position, layer, unit), trace: traceTrainingPosition(spec, dataset, parameters, position),
    training: explainTrainingBatch(spec, dataset, parameters, trainer.optimizerState(), batch, { layer, unit }),
  };
  trainer.dispose();
  return answer;
}

/** 8 × 8 images of a horizontal (class "h") or vertical (class "v") bar at a seeded position, as CSV text. */
function barsCsv(count: number): string {
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const header = [...Array.from({ length: 64 }, (_, i) => `p${i}`), 'label'].join(',');
  const rows = Array.from({ length: count }, (_, n) => {
    const vertical = n % 2 === 1, at = Math.floor(next() * 8);
    const pixels = Array.from({ length: 64 }, (_, i) => ((vertical ? i % 8 : Math.floor(i / 8)) === at ? 1 : 0) + Math.round(next() * 20) / 100);
    return [...pixels, vertical ? 'v' : 'h'].join(',');
  });
  return [header, ...rows].join('\n');
}

const BARS_SPEC = `{
  "name": "bars-test",
  "seed": 5,
  "data": { "csv": "bars.csv", "target": "label", "testFraction": 0.25 },
  "layers": [ { "units": 64 }, { "units": 12, "activation": "relu" }, { "units": 2, "activation": "softmax" } ],
  "loss": "cross_entropy",
  "optimizer": { "type": "sgd", "learningRate": 0.2 },
  "training": { "epochs": 3, "batchSize": 8 }
}`;

/**
 * An image run (64 = 8 × 8 inputs): snapshots carry ∂E/∂W and the first-layer weights, as with "Show ∂E/∂W" on, and
 * the health findings the worker computes; started with 8 of the 12 layer-1 biases at −50, so those relu units are dead.
 */
export function recordBarsRun(): HostToWebview[] {
  const csv = barsCsv(160);
  const { spec, dataset } = prepareRun(BARS_SPEC, () => csv);
  const fresh = createTrainer(spec, dataset).parameters();
  fresh[0].biases.fill(-50, 0, 8); // 8 of 12 units dead; the rest learn (∂E/∂W¹ is not all zero)
  const trainer = createTrainer(spec, dataset, { initial: fresh });
  const health = new HealthWindow();
  const info = runInfo('run-bars', '/work/bars-test.nn.json', BARS_SPEC, spec, dataset, { chosen: { trainer, fallback: null }, trainEvaluationSamples: dataset.train.count });
  const messages: HostToWebview[] = [{ type: 'started', info }, { type: 'runState', state: 'running' }];
  while (trainer.epoch < spec.training.epochs) {
    const result = trainer.trainStep();
    messages.push({ type: 'progress', points: [{ step: result.step, loss: result.loss }] });
    if (result.step % 3 === 0) {
      const snapshot = snapshotMessage(trainer.snapshot(), trainer.step, trainer.epoch, true);
      snapshot.firstLayerWeights = firstLayerWeights(trainer.parameters(), trainer.step) ?? undefined;
      health.add(snapshotHealth(info, snapshot));
      snapshot.health = health.findings();
      messages.push({ type: 'snapshot', snapshot });
    }
  }
  messages.push({ type: 'runState', state: 'finished' });
  trainer.dispose();
  return messages;
}
