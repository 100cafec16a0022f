import { strict as assert } from 'node:assert';
import type { Dataset, Split } from '../../../src/engine/data/dataset';
import { FastTrainer } from '../../../src/engine/fast/fastTrainer';
import { Rng } from '../../../src/engine/nn/rng';
import type { ActivationName, LossName, NetworkSpec, OptimizerSpec } from '../../../src/engine/spec/types';
import { startNodeThread } from '../../../src/node/threads';
import { ReferenceTrainer } from '../../../src/engine/train/trainer';
import type { LayerParameters, Trainer } from '../../../src/engine/train/training-types';

/** A seeded data set: bytes scaled by 1/255 (like images) or float64 features; classes or regression targets. */
function syntheticData(inputSize: number, outputs: number, count: number, task: 'classification' | 'regression', bytes: boolean): Dataset {
  const rng = new Rng(99);
  const split = (n: number): Split => {
    const x = bytes ? Uint8Array.from({ length: n * inputSize }, () => rng.int(256)) : Float64Array.from({ length: n * inputSize }, () => rng.uniform(-2, 2));
    return {
      count: n, x, xScale: bytes ? 1 / 255 : 1,
      labels: task === 'classification' ? Int32Array.from({ length: n }, () => rng.int(outputs)) : null,
      targets: task === 'regression' ? Float64Array.from({ length: n * outputs }, () => rng.uniform(-1, 1)) : null,
    };
  };
  return {
    name: 'synthetic', task, inputSize, outputSize: outputs, classNames: task === 'classification' ? Array.from({ length: outputs }, (_, i) => `c${i}`) : null,
    featureNames: null, normalization: null, train: split(count), test: split(37),
  };
}

interface Case { name: string; sizes: number[]; activations: ActivationName[]; loss: LossName; optimizer: OptimizerSpec; l2?: number; batch: number; bytes: boolean; task?: 'regression' }

const CASES: Case[] = [
  { name: 'relu/softmax CE, sgd, bytes', sizes: [13, 9, 7, 5], activations: ['relu', 'relu', 'softmax'], loss: 'cross_entropy', optimizer: { type: 'sgd', learningRate: 0.1 }, batch: 10, bytes: true },
  { name: 'tanh/sigmoid CE (1 unit), adam + l2', sizes: [2, 8, 8, 1], activations: ['tanh', 'tanh', 'sigmoid'], loss: 'cross_entropy', optimizer: { type: 'adam', learningRate: 0.01 }, l2: 0.01, batch: 7, bytes: false },
  { name: 'sigmoid/leaky/linear mse regression, momentum', sizes: [3, 17, 6, 2], activations: ['sigmoid', 'leaky_relu', 'linear'], loss: 'mse', optimizer: { type: 'momentum', learningRate: 0.05, momentum: 0.8 }, batch: 64, bytes: false, task: 'regression' },
  { name: 'linear hidden, softmax mse, odd sizes', sizes: [31, 257, 3], activations: ['linear', 'softmax'], loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.2 }, batch: 9, bytes: true },
];

function specOf(c: Case, precision: 'float32' | 'float64'): NetworkSpec {
  return {
    seed: 5, data: { builtin: 'xor' }, loss: c.loss, init: 'xavier', optimizer: c.optimizer, precision,
    layers: [{ units: c.sizes[0] }, ...c.sizes.slice(1).map((units, i) => ({ units, activation: c.activations[i] }))],
    training: { epochs: 1, batchSize: c.batch }, regularization: { l2: c.l2 ?? 0 },
  };
}

function dataOf(c: Case): Dataset {
  const outputs = c.sizes[c.sizes.length - 1];
  return syntheticData(c.sizes[0], c.task ? outputs : Math.max(outputs, 2), 83, c.task ?? 'classification', c.bytes);
}

/** max |x − y| / (1 + |y|) over all weights and biases. */
function parameterError(a: LayerParameters[], b: LayerParameters[]): number {
  let worst = 0;
  a.forEach((p, i) => {
    p.weights.forEach((w, k) => { worst = Math.max(worst, Math.abs(w - b[i].weights[k]) / (1 + Math.abs(b[i].weights[k]))); });
    p.biases.forEach((w, k) => { worst = Math.max(worst, Math.abs(w - b[i].biases[k]) / (1 + Math.abs(b[i].biases[k]))); });
  });
  return worst;
}

function trainSteps(t: Trainer, steps: number): number[] {
  return Array.from({ length: steps }, () => t.trainStep().loss);
}

/** ‖v‖₂ of a plain copy. */
function norm(v: ArrayLike<number>, minus?: ArrayLike<number>): number {
  let sq = 0;
  for (let i = 0; i < v.length; i++) sq += (v[i] - (minus?.[i] ?? 0)) ** 2;
  return Math.sqrt(sq);
}

/** The δ record's weight norms of one step read in place (holdWeights, weightNorms) and from parameters()/snapshot() copies. */
function stepNorms(t: Trainer): { inPlace: number[][]; copied: number[][] } {
  t.holdWeights();
  const before = t.parameters();
  t.trainStep();
  const after = t.parameters(), snapshot = t.snapshot();
  const inPlace = t.weightNorms().map((n) => [n.weightNorm, n.gradNorm, n.updateNorm]);
  const copied = after.map((p, i) => [norm(p.weights), norm(snapshot[i].dW), norm(p.weights, before[i].weights)]);
  return { inPlace, copied };
}

describe('fast/FastTrainer', () => {
  for (const c of CASES) {
    it(`weightNorms: ‖W‖, ‖∂E/∂W‖ and ‖ΔW‖ read in place (rows padded) equal those of the copies: ${c.name}`, () => {
      const trainers: Trainer[] = [new ReferenceTrainer(specOf(c, 'float64'), dataOf(c)), new FastTrainer(specOf(c, 'float64'), dataOf(c)), new FastTrainer(specOf(c, 'float32'), dataOf(c))];
      for (const t of trainers) {
        trainSteps(t, 3);
        const { inPlace, copied } = stepNorms(t);
        copied.forEach((layer, i) => layer.forEach((v, k) => assert.ok(v > 0 && Math.abs(inPlace[i][k] - v) <= 1e-12 * v, `layer ${i + 1} norm ${k}: ${inPlace[i][k]} vs ${v}`)));
      }
    });


    it(`float64 follows the reference trainer step for step: ${c.name}`, () => {
      const data = dataOf(c);
      const ref = new ReferenceTrainer(specOf(c, 'float64'), data);
      const fast = new FastTrainer(specOf(c, 'float64'), data);
      const steps = 2 * ref.stepsPerEpoch + 1; // crosses partial batches and reshuffles
      const refLosses = trainSteps(ref, steps);
      const fastLosses = trainSteps(fast, steps);
      fastLosses.forEach((l, i) => assert.ok(Math.abs(l - refLosses[i]) <= 1e-10 * (1 + Math.abs(refLosses[i])), `step ${i}: ${l} vs ${refLosses[i]}`));
      assert.ok(parameterError(fast.parameters(), ref.parameters()) < 1e-10);
      const snapFast = fast.snapshot(), snapRef = ref.snapshot();
      for (const key of ['z', 'a', 'delta', 'sigmaPrime', 'upstream', 'dW', 'db'] as const) {
        snapRef.forEach((layer, i) => {
          assert.equal(snapFast[i][key].length, layer[key].length, `${key} of layer ${i + 1}`);
          layer[key].forEach((v, k) => assert.ok(Math.abs(snapFast[i][key][k] - v) <= 1e-9 * (1 + Math.abs(v)), `${key}[${k}] of layer ${i + 1}`));
        });
      }
      const [e1, e2] = [fast.evaluate('test'), ref.evaluate('test')];
      assert.ok(Math.abs(e1.loss - e2.loss) < 1e-10 && e1.accuracy === e2.accuracy);
    });

    it(`float32 stays within float32 rounding of the reference after one step: ${c.name}`, () => {
      const data = dataOf(c);
      const ref = new ReferenceTrainer(specOf(c, 'float64'), data);
      const fast = new FastTrainer(specOf(c, 'float32'), data, { initial: ref.parameters() });
      const [lr, lf] = [ref.trainStep().loss, fast.trainStep().loss];
      assert.ok(Math.abs(lr - lf) < 1e-5 * (1 + lr), `loss ${lf} vs ${lr}`);
      const err = parameterError(fast.parameters(), ref.parameters());
      assert.ok(err < 2e-6, `parameters differ by ${err}`);
    });
  }

  it('reads float32 features as well as bytes and float64 (float64 run = reference)', () => {
    const c = CASES[2];
    const data = dataOf(c);
    for (const split of [data.train, data.test]) split.x = Float32Array.from(split.x);
    const ref = new ReferenceTrainer(specOf(c, 'float64'), data);
    const fast = new FastTrainer(specOf(c, 'float64'), data);
    const [a, b] = [trainSteps(ref, 12), trainSteps(fast, 12)];
    b.forEach((l, i) => assert.ok(Math.abs(l - a[i]) <= 1e-10 * (1 + a[i]), `step ${i}`));
    assert.ok(parameterError(fast.parameters(), ref.parameters()) < 1e-10);
  });

  it('is bit-identical for a given seed (float32)', () => {
    const c = CASES[0];
    const runs = [0, 1].map(() => {
      const t = new FastTrainer(specOf(c, 'float32'), dataOf(c));
      trainSteps(t, 20);
      return t.parameters();
    });
    runs[0].forEach((p, i) => assert.deepEqual(p.weights, runs[1][i].weights));
  });

  it('adopts the data set: splits become views of the wasm copy, training unchanged', () => {
    const c = CASES[0];
    const [own, adopted] = [dataOf(c), dataOf(c)];
    const plain = new FastTrainer(specOf(c, 'float32'), own);
    const adopting = new FastTrainer(specOf(c, 'float32'), adopted, { adoptData: true });
    assert.notEqual(adopted.train.x.buffer, own.train.x.buffer);
    assert.equal(adopted.train.x.buffer.byteLength % 65536, 0, 'a WebAssembly memory buffer (whole pages)');
    assert.ok(adopted.train.x.buffer.byteLength >= adopting.memoryBytes);
    assert.ok(adopted.train.x.byteOffset > 0 && adopted.test.x.byteOffset > adopted.train.x.byteOffset, 'views into one memory');
    assert.deepEqual(Array.from(adopted.train.x), Array.from(own.train.x));
    assert.deepEqual(trainSteps(adopting, 12), trainSteps(plain, 12));
  });

  for (const threads of [2, 3]) {
    it(`gives the same bits with ${threads} threads as with one`, async () => {
      const c = { ...CASES[0], sizes: [40, 33, 21, 5], batch: 30 };
      const one = new FastTrainer(specOf(c, 'float32'), dataOf(c));
      const many = new FastTrainer(specOf(c, 'float32'), dataOf(c), {
        threads, startThread: startNodeThread,
      });
      assert.equal(many.threads, threads);
      const [l1, l2] = [trainSteps(one, 30), trainSteps(many, 30)];
      assert.deepEqual(l2, l1);
      one.parameters().forEach((p, i) => assert.deepEqual(many.parameters()[i].weights, p.weights));
      assert.deepEqual(many.evaluate('test'), one.evaluate('test'));
      many.dispose();
    });
  }
});
