// A PyTorch run folder's rows and frames as the monitor's own shapes (src/extension/pytorch/pytorchRunModel): the
// record, loss points, ‖δ^l‖ history, δ frames as units × samples, health findings in the native run's words.
import assert from 'node:assert/strict';
import { healthFindings } from '../../../src/engine/monitor/health';
import type { PytorchStepRow } from '../../../src/engine/record/pytorch-run';
import { pytorchRunInfo, PytorchRunModel } from '../../../src/extension/pytorch/pytorchRunModel';

const layers = [{ name: '0', units: 4, fanIn: 2, activation: 'relu' }, { name: '2', units: 2, fanIn: 4, activation: 'weird' }];

/** A step whose hidden relu layer has `dead` of its units dead. */
function row(step: number, dead = 0, loss: number | null = 1 / step): PytorchStepRow {
  const pair = (a: number | null, b: number | null) => [a, b];
  return {
    step, loss, deltaMean: [[step, 0, 0, -step], null],
    values: { deltaNorm: pair(0.1 * step, 1), deadShare: pair(dead, 0), saturatedShare: pair(0, 0), gradNorm: pair(null, 2), weightNorm: pair(3, 4), updateRatio: pair(1e-3, 2e-3) },
  };
}

describe('PyTorch run as the monitor shows it (extension/pytorch/pytorchRunModel)', () => {
  it('RunInfo: a PyTorch run by its folder name, layers 1-based, unknown activations drawn as linear', () => {
    const info = pytorchRunInfo('my-run', '/w/runs/my-run', layers);
    assert.equal(info.source, 'pytorch');
    assert.equal(info.name, 'my-run (PyTorch)');
    assert.deepEqual(info.layers.map((l) => [l.layer, l.units, l.fanIn, l.activation]), [[1, 4, 2, 'relu'], [2, 2, 4, 'linear']]);
  });

  it('rows become the record (nulls left out), the loss points and the ‖δ^l‖ and mean-δ histories', () => {
    const model = new PytorchRunModel(pytorchRunInfo('r', '/r', layers));
    const points = model.addRows([row(1), row(2, 0, null), row(3)]);
    assert.deepEqual(points.map((p) => p.step), [1, 3], 'a step without a loss gives no point');
    const record = model.state.record!;
    assert.equal(record.lastStep, 3);
    assert.deepEqual(Array.from(record.loss.count).reduce((a, b) => a + b), 2);
    assert.equal(Array.from(record.layers[0].gradNorm.count).reduce((a, b) => a + b, 0), 0, 'null ‖∂E/∂W‖ is not recorded as a value');
    assert.equal(Array.from(record.layers[1].gradNorm.count).reduce((a, b) => a + b), 3);
    assert.deepEqual(model.state.normHistory.map((h) => h.norms[0]), [0.1, 0.2, 0.1 * 3]);
    assert.deepEqual(model.state.deltaHistory[0].map((h) => Array.from(h.mean)), [[1, 0, 0, -1], [2, 0, 0, -2], [3, 0, 0, -3]]);
    assert.equal(model.state.deltaHistory[1].length, 0);
  });

  it('a frame waits for its step’s record line, then is δ as units × samples with that step’s norms; σ′ and the upstream factor are unknown', () => {
    const model = new PytorchRunModel(pytorchRunInfo('r', '/r', layers));
    model.addFrames([{ step: 1, layers: [{ layer: 0, rows: 2, units: 4, values: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]) }] }]);
    assert.equal(model.frames.length, 0);
    model.addRows([row(1)]);
    assert.deepEqual(model.state.record!.frameSteps, [1]);
    const [hidden, output] = model.state.snapshot!.layers;
    assert.deepEqual({ batch: hidden.batchSize, delta: Array.from(hidden.delta), norm: hidden.deltaNorm }, { batch: 2, delta: [1, 5, 2, 6, 3, 7, 4, 8], norm: 0.1 });
    assert.ok(Number.isNaN(hidden.sigmaPrime[0]) && Number.isNaN(hidden.upstream[0]));
    assert.equal(output.batchSize, 0, 'a layer the frame does not hold');
  });

  it('health findings in the native run’s words once a finding holds over the window', () => {
    const model = new PytorchRunModel(pytorchRunInfo('r', '/r', layers));
    model.addFrames([{ step: 6, layers: [] }]);
    model.addRows([1, 2, 3, 4, 5, 6].map((s) => row(s, 0.75)));
    const expected = healthFindings(Array.from({ length: 5 }, () => [{ activation: 'relu' as const, deadShare: 0.75, saturatedShare: 0, deltaNorm: 0.6 }, { activation: 'linear' as const, deadShare: 0, saturatedShare: 0, deltaNorm: 1 }]));
    assert.ok(expected.length > 0);
    assert.deepEqual(model.state.snapshot?.health?.map((f) => f.message), expected.map((f) => f.message));
  });
});
