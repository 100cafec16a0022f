/** ONNX protobuf bytes of a model graph, encoded with onnx-proto (protobufjs), not by hand. */
import { onnx } from 'onnx-proto';
import type { OnnxModel } from '../engine/export/onnx-graph';

export function encodeOnnx(model: OnnxModel): Uint8Array {
  const message = onnx.ModelProto.fromObject(model);
  const problem = onnx.ModelProto.verify(message);
  if (problem) throw new Error(`internal: not a valid ONNX ModelProto (${problem})`);
  return onnx.ModelProto.encode(message).finish();
}
