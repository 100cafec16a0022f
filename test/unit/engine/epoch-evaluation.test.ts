import * as assert from 'node:assert/strict';
import { EpochEvaluation, epochEvaluationOrders, evaluateEpoch, TRAIN_EVALUATION_SAMPLES, trainEvaluationOrder } from '../../../src/engine/train/epoch-evaluation';
import { createTrainer, prepareRun } from '../../../src/engine/train/run';

const spec = (samples: number) => JSON.stringify({
  seed: 4, data: { builtin: 'gauss', samples, testFraction: 0.1 },
  layers: [{ units: 2 }, { units: 5, activation: 'tanh' }, { units: 2, activation: 'softmax' }],
  loss: 'cross_entropy', optimizer: { type: 'sgd', learningRate: 0.1 }, training: { epochs: 1, batchSize: 16 },
});
const noFiles = () => { throw new Error('builtin data only'); };

describe('end-of-epoch evaluation', () => {
  it('evaluates every training sample up to the limit, beyond it a fixed seeded sample of the limit, ascending and distinct', () => {
    assert.deepEqual([...trainEvaluationOrder(6, 1, 10)], [0, 1, 2, 3, 4, 5]);
    const sample = trainEvaluationOrder(20_000, 3);
    assert.equal(sample.length, TRAIN_EVALUATION_SAMPLES);
    assert.ok(sample.every((v, i) => i === 0 || v > sample[i - 1]), 'ascending, no repeats');
    assert.ok(sample[0] >= 0 && sample.at(-1)! < 20_000);
    assert.ok(sample.at(-1)! > 15_000 && sample[0] < 5_000, 'spread over the split, not its first rows');
    assert.deepEqual(trainEvaluationOrder(20_000, 3), sample, 'the same sample for the same seed');
    assert.notDeepEqual(trainEvaluationOrder(20_000, 4), sample);
  });

  for (const fast of [false, true]) {
    it(`${fast ? 'fast' : 'reference'} trainer: advancing chunk by chunk gives what one pass gives; the training figures equal evaluate() when the split is small`, () => {
      const { spec: s, dataset } = prepareRun(spec(400), noFiles);
      const trainer = createTrainer(s, dataset, { fast: fast ? {} : false });
      for (let i = 0; i < 10; i++) trainer.trainStep();
      const orders = epochEvaluationOrders(dataset, 4);
      const whole = evaluateEpoch(trainer, dataset, orders);
      const chunked = new EpochEvaluation(trainer, dataset, orders.train, orders.test);
      let calls = 0;
      while (!chunked.advance(7)) calls++;
      assert.ok(calls > 40, `${calls} chunks`);
      const parts = chunked.result();
      assert.ok(Math.abs(parts.train.loss - whole.train.loss) < 1e-12);
      assert.equal(parts.train.accuracy, whole.train.accuracy);
      assert.ok(Math.abs(parts.test!.loss - whole.test!.loss) < 1e-12);
      const full = trainer.evaluate('train');
      assert.ok(Math.abs(whole.train.loss - full.loss) < 1e-12);
      assert.equal(whole.train.accuracy, full.accuracy);
      assert.equal(whole.trainSamples, dataset.train.count);
    });
  }

  it('the snapshot after an evaluation is still the training batch (the fast trainer restores its activations)', () => {
    const { spec: s, dataset } = prepareRun(spec(400), noFiles);
    const trainer = createTrainer(s, dataset, {});
    trainer.trainStep();
    const before = trainer.snapshot();
    evaluateEpoch(trainer, dataset, epochEvaluationOrders(dataset, 4));
    assert.deepEqual(trainer.snapshot().map((l) => [...l.a]), before.map((l) => [...l.a]));
  });
});
