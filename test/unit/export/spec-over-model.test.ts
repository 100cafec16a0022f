// Export obeys the spec over a saved model: the ONNX graph and the PyTorch project's init-model.json take the spec's
// activations (the model gives the weights), and a model of other shapes is refused naming the layer and both shapes.
import assert from 'node:assert/strict';
import { onnx as onnxProto } from 'onnx-proto';
import { buildDataset } from '../../../src/engine/data';
import { onnxModelOf } from '../../../src/engine/export/onnx-graph';
import { pytorchProject } from '../../../src/engine/export/pytorch-project';
import { parametersFromModelJson, toModelJson, type ModelJson } from '../../../src/engine/model/model';
import type { ActivationName, NetworkSpec } from '../../../src/engine/spec/types';
import { ReferenceTrainer } from '../../../src/engine/train/trainer';
import { encodeOnnx } from '../../../src/node/onnx';

function spec(hidden: ActivationName, units = 6): NetworkSpec {
  return {
    seed: 4, data: { builtin: 'circle', samples: 60 }, loss: 'cross_entropy', init: 'xavier',
    optimizer: { type: 'sgd', learningRate: 0.3 }, training: { epochs: 1, batchSize: 10 },
    layers: [{ units: 2 }, { units, activation: hidden }, { units: 1, activation: 'sigmoid' }],
  };
}

/** A model trained a few steps with tanh hidden units, as its model.json holds it. */
function tanhModel(): ModelJson {
  const tanh = spec('tanh');
  const data = buildDataset(tanh, () => '');
  const trainer = new ReferenceTrainer(tanh, data);
  for (let i = 0; i < 5; i++) trainer.trainStep();
  return JSON.parse(JSON.stringify(toModelJson('tanh', 'cross_entropy', trainer.parameters(), data, 5))) as ModelJson;
}

/** The operators of the encoded graph, decoded from its bytes (as the integration test reads an exported file). */
function decodedOps(bytes: Uint8Array): string[] {
  return onnxProto.ModelProto.decode(bytes).graph!.node!.map((n) => n.opType!);
}

describe('export: the spec rules over the saved model', () => {
  it('the ONNX graph of a relu spec with a tanh model of the same shapes uses Relu, with the model\'s weights', () => {
    const model = tanhModel();
    const bytes = encodeOnnx(onnxModelOf(model, spec('relu')));
    const ops = decodedOps(bytes);
    assert.ok(ops.includes('Relu'), `operators: ${ops.join(', ')}`);
    assert.ok(!ops.includes('Tanh'), `operators: ${ops.join(', ')}`);
    const w1 = onnxProto.ModelProto.decode(bytes).graph!.initializer!.find((t) => t.name === 'W1')!;
    assert.deepEqual(w1.floatData, model.layers[1].weights!.flat().map(Math.fround));
  });

  it('the PyTorch project\'s init-model.json carries the spec\'s activations over the model\'s weights', () => {
    const model = tanhModel();
    const relu = spec('relu');
    const files = pytorchProject({ spec: relu, dataset: buildDataset(relu, () => ''), initial: parametersFromModelJson(model), dataPaths: {} });
    const init = JSON.parse(files.find((f) => f.path === 'init-model.json')!.text) as ModelJson;
    assert.deepEqual(init.layers.slice(1).map((l) => l.activation), ['relu', 'sigmoid']);
    assert.deepEqual(init.layers[1].weights, model.layers[1].weights);
  });

  it('a model whose shapes differ from the spec is refused by both, naming the layer and both shapes', () => {
    const model = tanhModel();
    const wider = spec('tanh', 7);
    assert.throws(() => onnxModelOf(model, wider), /^Error: layer 1: the model has 6×2 weights, the spec 7×2$/);
    const dataset = buildDataset(wider, () => '');
    assert.throws(() => pytorchProject({ spec: wider, dataset, initial: parametersFromModelJson(model), dataPaths: {} }), /^Error: layer 1: the model has 6×2 weights, the spec 7×2$/);
  });
});
