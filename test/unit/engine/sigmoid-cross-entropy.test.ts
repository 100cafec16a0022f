import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FastTrainer } from '../../../src/engine/fast/fastTrainer';
import { Matrix } from '../../../src/engine/nn/matrix';
import { networkFromParameters } from '../../../src/engine/nn/parameters';
import { forward, forwardBuffers } from '../../../src/engine/nn/network';
import { checkGradients, prepareRun } from '../../../src/engine/train/run';
import { ReferenceTrainer } from '../../../src/engine/train/trainer';
import type { Split } from '../../../src/engine/data/dataset';
import type { LayerParameters } from '../../../src/engine/train/training-types';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

/** examples/iris.nn.json with 3 sigmoid output units (one-vs-rest) instead of softmax. */
function irisWithSigmoidOutputs() {
  const text = readFileSync(join(EXAMPLES, 'iris.nn.json'), 'utf8').replace('"activation": "softmax"', '"activation": "sigmoid"');
  assert.match(text, /"units": 3, "activation": "sigmoid"/);
  return prepareRun(text, (path, as) => (as === 'text' ? readFileSync(join(EXAMPLES, path), 'utf8') : new Uint8Array(readFileSync(join(EXAMPLES, path)))));
}

/** (1/n) Σ_samples −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)], written out here, independent of losses.ts. */
function binaryCrossEntropy(params: LayerParameters[], split: Split, inputSize: number, classes: number): number {
  const net = networkFromParameters(inputSize, params);
  const pass = forwardBuffers(net, split.count);
  const x: Matrix = pass.a[0];
  for (let c = 0; c < split.count; c++) for (let k = 0; k < inputSize; k++) x.data[k * split.count + c] = split.x[c * inputSize + k] * split.xScale;
  forward(net, pass);
  const a = pass.a[net.depth];
  let total = 0;
  for (let c = 0; c < split.count; c++) {
    for (let j = 0; j < classes; j++) {
      const aj = a.get(j, c), yj = split.labels![c] === j ? 1 : 0;
      total -= yj * Math.log(aj) + (1 - yj) * Math.log(1 - aj);
    }
  }
  return total / split.count;
}

describe('cross_entropy over several sigmoid outputs (one-vs-rest) is the per-unit binary form', () => {
  it('iris with 3 sigmoid outputs: the gradient check passes, before and after training', () => {
    const { spec, dataset } = irisWithSigmoidOutputs();
    const trainer = new ReferenceTrainer(spec, dataset);
    const before = checkGradients(spec, dataset, trainer.parameters());
    assert.equal(before.passed, true, `culprit ${before.culpritLayer}`);
    for (let i = 0; i < 3 * trainer.stepsPerEpoch; i++) trainer.trainStep();
    const after = checkGradients(spec, dataset, trainer.parameters());
    assert.equal(after.passed, true, `culprit ${after.culpritLayer}`);
    assert.equal(after.culpritLayer, null);
  });

  it('the reported loss equals −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)], and fast and reference agree', () => {
    const { spec, dataset } = irisWithSigmoidOutputs();
    const reference = new ReferenceTrainer(spec, dataset);
    const fast = new FastTrainer({ ...spec, precision: 'float64' }, dataset);
    for (let i = 0; i < 2 * reference.stepsPerEpoch + 1; i++) {
      const r = reference.trainStep().loss, f = fast.trainStep().loss;
      assert.ok(Math.abs(r - f) <= 1e-10 * (1 + Math.abs(r)), `step ${i}: fast ${f}, reference ${r}`);
    }
    for (const which of ['train', 'test'] as const) {
      const expected = binaryCrossEntropy(reference.parameters(), dataset[which], dataset.inputSize, 3);
      const r = reference.evaluate(which).loss, f = fast.evaluate(which).loss;
      assert.ok(Math.abs(r - expected) <= 1e-12 * expected, `${which}: reference reports ${r}, the binary form is ${expected}`);
      assert.ok(Math.abs(f - expected) <= 1e-9 * expected, `${which}: fast reports ${f}, the binary form is ${expected}`);
    }
  });
});
