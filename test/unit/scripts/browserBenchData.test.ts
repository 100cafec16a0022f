// The browser benchmark's inputs (scripts/bench/web-examples.ts, web-epochs.ts): the examples as both columns train
// them, the data passed as bytes keyed by the names the spec uses, and the first-epoch loss both columns compare.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { isIdxData } from '../../../src/engine/spec/types';
import { benchTrainer, timeEpochs } from '../../../scripts/bench/web-epochs';
import { benchExamples } from '../../../scripts/bench/web-examples';

describe('browser bench data', () => {
  it('trains the examples in float32 on one thread, the IDX files named as the keys of the bytes passed', function () {
    const [spiral, fashion] = benchExamples(true);
    assert.equal(spiral.name, 'spiral');
    assert.deepEqual([spiral.spec.precision, spiral.spec.training.threads], ['float32', 1]);
    if (!fashion) return this.skip(); // dataset-fashion-mnist not installed
    assert.deepEqual([fashion.spec.precision, fashion.spec.training.threads], ['float32', 1]);
    assert.ok(fashion.spec.data && isIdxData(fashion.spec.data));
    assert.deepEqual(Object.values(fashion.spec.data.idx).sort(), Object.keys(fashion.files).sort());
    assert.ok(Object.values(fashion.files).every((path) => existsSync(path)));
    assert.throws(() => benchTrainer(fashion.spec, new Map()), /no bytes passed for train-images-idx3-ubyte\.gz/);
  });

  it('reports the mean mini-batch loss of the very first epoch, warm-up included', () => {
    const spec = benchExamples(true)[0].spec;
    const reference = benchTrainer(spec, new Map());
    let sum = 0;
    for (let s = 0; s < reference.stepsPerEpoch; s++) sum += reference.trainStep().loss;
    const times = timeEpochs(benchTrainer(spec, new Map()), { slices: 2, sliceMs: 0, warmUpMs: 1 });
    assert.equal(times.firstEpochLoss, sum / reference.stepsPerEpoch);
    assert.equal(times.epochs, 2);
    assert.ok(times.warmUpEpochs >= 1);
    assert.equal(times.epochMs.length, 2);
  });
});
