/**
 * A saved model as an ONNX graph (opset 13), as plain objects shaped like onnx.ModelProto (src/node/onnx.ts encodes
 * them): raw `features` [N, F] → (x · inputScale − shift) / scale → Gemm + activation per layer → `probabilities` or `outputs`.
 */
import { inputMappingFromModelJson, type ModelJson } from '../model/model';
import type { NetworkSpec } from '../spec/types';
import { modelUnderSpec } from './spec-model';

const ONNX_OPSET = 13;
/** TensorProto.DataType.FLOAT */
const FLOAT = 1;
/** AttributeProto.AttributeType: FLOAT = 1, INT = 2. */
const ATTR_FLOAT = 1, ATTR_INT = 2;

interface OnnxTensor { name: string; dims: number[]; dataType: number; floatData: number[] }
interface OnnxAttribute { name: string; type: number; i?: number; f?: number }
interface OnnxNode { opType: string; input: string[]; output: string[]; name: string; attribute?: OnnxAttribute[] }
interface OnnxValueInfo { name: string; type: { tensorType: { elemType: number; shape: { dim: ({ dimParam: string } | { dimValue: number })[] } } } }
export interface OnnxModel {
  irVersion: number;
  opsetImport: { domain: string; version: number }[];
  producerName: string;
  graph: { name: string; node: OnnxNode[]; initializer: OnnxTensor[]; input: OnnxValueInfo[]; output: OnnxValueInfo[] };
  metadataProps: { key: string; value: string }[];
}

/** A float tensor of row-major values. */
function tensor(name: string, dims: number[], values: ArrayLike<number>): OnnxTensor {
  return { name, dims, dataType: FLOAT, floatData: Array.from(values) };
}

/** [N, width] float32, N free. */
function valueInfo(name: string, width: number): OnnxValueInfo {
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: 'N' }, { dimValue: width }] } } } };
}

/** The ONNX operator of an activation (null for linear). */
function activationNode(activation: string, input: string, output: string): OnnxNode | null {
  switch (activation) {
    case 'sigmoid': return { opType: 'Sigmoid', input: [input], output: [output], name: output };
    case 'tanh': return { opType: 'Tanh', input: [input], output: [output], name: output };
    case 'relu': return { opType: 'Relu', input: [input], output: [output], name: output };
    case 'leaky_relu': return { opType: 'LeakyRelu', input: [input], output: [output], name: output, attribute: [{ name: 'alpha', type: ATTR_FLOAT, f: 0.01 }] };
    case 'softmax': return { opType: 'Softmax', input: [input], output: [output], name: output, attribute: [{ name: 'axis', type: ATTR_INT, i: 1 }] };
    case 'linear': return null;
    default: throw new Error(`no ONNX operator for activation "${activation}"`);
  }
}

/** Nodes of the trainer's input map, x' = (x · inputScale − shift) / scale (Mul, Sub, Div; none for identity); returns x'. */
function inputMappingNodes(model: ModelJson, nodes: OnnxNode[], initializers: OnnxTensor[]): string {
  const { inputScale, normalization: norm } = inputMappingFromModelJson(model);
  let a = 'features';
  if (inputScale !== 1) {
    initializers.push(tensor('input_scale', [1], [inputScale]));
    nodes.push({ opType: 'Mul', input: [a, 'input_scale'], output: ['scaled'], name: 'scaled' });
    a = 'scaled';
  }
  if (norm && norm.method !== 'none') {
    const width = model.layers[0].units;
    initializers.push(tensor('shift', [width], norm.shift), tensor('scale', [width], norm.scale));
    nodes.push({ opType: 'Sub', input: [a, 'shift'], output: ['centred'], name: 'centred' }, { opType: 'Div', input: ['centred', 'scale'], output: ['normalized'], name: 'normalized' });
    a = 'normalized';
  }
  return a;
}

/**
 * The saved model as an ONNX graph of the spec: its weights, the spec's activations (modelUnderSpec: a model of other
 * shapes throws naming the layer); one sigmoid unit for two classes becomes probabilities [1 − a, a].
 */
export function onnxModelOf(saved: ModelJson, spec: NetworkSpec): OnnxModel {
  const model = modelUnderSpec(saved, spec);
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  const inputSize = model.layers[0].units;
  let a = inputMappingNodes(model, nodes, initializers);
  const classification = model.task === 'classification';
  const last = model.layers.length - 1;
  for (let l = 1; l <= last; l++) {
    const layer = model.layers[l];
    initializers.push(tensor(`W${l}`, [layer.units, model.layers[l - 1].units], layer.weights!.flat()), tensor(`b${l}`, [layer.units], layer.biases!));
    nodes.push({ opType: 'Gemm', input: [a, `W${l}`, `b${l}`], output: [`z${l}`], name: `z${l}`, attribute: [{ name: 'transB', type: ATTR_INT, i: 1 }] });
    const act = activationNode(layer.activation!, `z${l}`, `a${l}`);
    if (act) nodes.push(act);
    a = act ? `a${l}` : `z${l}`;
  }
  const outputName = classification ? 'probabilities' : 'outputs';
  let width = model.layers[last].units;
  if (classification && width === 1) {
    initializers.push(tensor('one', [1], [1]));
    nodes.push({ opType: 'Sub', input: ['one', a], output: ['p0'], name: 'p0' }, { opType: 'Concat', input: ['p0', a], output: [outputName], name: outputName, attribute: [{ name: 'axis', type: ATTR_INT, i: 1 }] });
    width = 2;
  } else {
    nodes.push({ opType: 'Identity', input: [a], output: [outputName], name: outputName });
  }
  const metadata: Record<string, unknown> = { class_names: model.classNames, feature_names: model.featureNames, loss: model.loss, trained_steps: model.trainedSteps };
  return {
    irVersion: 7, opsetImport: [{ domain: '', version: ONNX_OPSET }], producerName: 'backprop-lens',
    graph: { name: model.name, node: nodes, initializer: initializers, input: [valueInfo('features', inputSize)], output: [valueInfo(outputName, width)] },
    metadataProps: Object.entries(metadata).filter(([, v]) => v !== null && v !== undefined).map(([key, value]) => ({ key, value: JSON.stringify(value) })),
  };
}
