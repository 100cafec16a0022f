// Layer hovers and gradient-check problems (pure parts): which layer is under the cursor, what is said about it.
import * as assert from 'node:assert/strict';
import { failingLayers } from '../../../src/extension/authoring/gradCheckStore';
import { EXPLAIN_LAYER_COMMAND, explainTargetForLayer, layerAtOffset, layerHoverMarkdown, layerOfArgument } from '../../../src/extension/authoring/layerInfo';
import type { GradCheckResult, GradCheckTensor, LayerSnapshotMessage } from '../../../src/protocol';

const SPEC = `{
  "layers": [
    { "units": 2 },
    { "units": 8, "activation": "relu" },
    { "units": 1, "activation": "sigmoid" }
  ],
  "loss": "mse"
}`;

const tensor = (maxRelError: number, verdict: GradCheckTensor['verdict']): GradCheckTensor => ({ verdict, maxRelError, medianRelError: maxRelError, checked: 4, kinks: 0, atNoiseFloor: 0, worst: [], entries: [] });
const check = (layer2: GradCheckTensor['verdict']): GradCheckResult => ({
  step: 12, passed: layer2 !== 'fail', epsilon: 1e-5, samples: 3, culpritLayer: layer2 === 'fail' ? 2 : null,
  layers: [
    { layer: 1, weights: tensor(1e-9, 'pass'), biases: tensor(2e-9, 'pass'), delta: tensor(1e-9, 'pass') },
    { layer: 2, weights: tensor(layer2 === 'fail' ? 0.3 : 1e-9, layer2), biases: tensor(1e-9, 'pass'), delta: tensor(layer2 === 'fail' ? 0.5 : 1e-9, layer2) },
  ],
});

describe('layer hover and gradient-check problems', () => {
  it('layerAtOffset: anywhere inside layers[l] (l ≥ 1) gives l; the input layer and other keys give nothing', () => {
    assert.equal(layerAtOffset(SPEC, SPEC.indexOf('"relu"') + 2), 1);
    assert.equal(layerAtOffset(SPEC, SPEC.indexOf('"units": 1') + 3), 2);
    assert.equal(layerAtOffset(SPEC, SPEC.indexOf('"units": 2') + 3), undefined, 'input layer');
    assert.equal(layerAtOffset(SPEC, SPEC.indexOf('"mse"') + 1), undefined);
  });

  it('the hover names ‖δ^l‖, dead and saturated shares, and the last check of that layer', () => {
    const snapshot = { layer: 1, deltaNorm: 0.0123, deadShare: 0.25, saturatedShare: 0.5 } as LayerSnapshotMessage;
    const text = layerHoverMarkdown(1, snapshot, 40, check('pass'))!;
    assert.match(text, /Layer 1\*\* at step 40: ‖δ\^1‖ = 1\.230e-2/);
    assert.match(text, /dead units 25\.0 %/);
    assert.match(text, /saturated σ′ 50\.0 %/);
    assert.match(text, /last gradient check \(step 12\) of this layer: passed \(max\. relative error 2\.00e-9\)/);
    assert.match(layerHoverMarkdown(2, undefined, undefined, check('warn'))!, /of this layer: passed with warnings in W2, δ2/);
    assert.equal(layerHoverMarkdown(3, undefined, undefined, undefined), undefined, 'nothing known: no hover');
  });

  it('the hover of a layer with a snapshot links to Explain on that layer; without one it has no link', () => {
    const snapshot = { layer: 2, deltaNorm: 0.5, deadShare: 0, saturatedShare: 0 } as LayerSnapshotMessage;
    const link = /\[[^\]]*Explain layer 2\]\(command:([\w.]+)\?([^ )]+) "/.exec(layerHoverMarkdown(2, snapshot, 7, undefined)!);
    assert.ok(link, 'a command link named Explain layer 2');
    assert.equal(link[1], EXPLAIN_LAYER_COMMAND);
    assert.deepEqual(JSON.parse(decodeURIComponent(link[2])), [{ layer: 2 }]);
    assert.doesNotMatch(layerHoverMarkdown(2, undefined, undefined, check('warn'))!, /command:/, 'no run state: nothing to explain');
  });

  it('Explain on a layer opens its unit with the largest |δ| for the batch\'s first sample', () => {
    // δ is units × batch: unit 1 has the largest |δ| in column 0 (-0.9); unit 2's 5.0 is in column 1, not the first sample.
    const delta = Float32Array.from([0.1, 0.2, /* unit 1 */ -0.9, 0.3, /* unit 2 */ 0.5, 5.0]);
    const snapshot = { layer: 3, units: 3, batchSize: 2, delta } as LayerSnapshotMessage;
    assert.deepEqual(explainTargetForLayer(3, snapshot), { layer: 3, unit: 1, column: 0 });
    assert.deepEqual(explainTargetForLayer(3, undefined), { layer: 3, unit: 0, column: 0 }, 'no snapshot: unit 1 (0-based 0)');
    assert.equal(layerOfArgument({ layer: 2 }), 2);
    assert.equal(layerOfArgument(3), 3);
    for (const bad of [undefined, null, { layer: 0 }, { layer: 1.5 }, '2']) assert.equal(layerOfArgument(bad), undefined, String(bad));
  });

  it('failingLayers: one problem per failing layer, naming the culprit', () => {
    assert.deepEqual(failingLayers(check('pass')), []);
    const failures = failingLayers(check('fail'));
    assert.deepEqual(failures.map((f) => f.layer), [2]);
    assert.match(failures[0].message, /layer 2 at step 12.*W 3\.00e-1.*δ 5\.00e-1.*first to go wrong/);
  });
});
