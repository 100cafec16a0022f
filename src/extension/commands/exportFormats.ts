/** Writing a trained model as ONNX or as a PyTorch project from the editor (the CLI's `export`, through vscode.workspace.fs). */
import * as vscode from 'vscode';
import { generateBuiltin } from '../../engine/data/synthetic';
import { onnxModelOf } from '../../engine/export/onnx-graph';
import { datasetOfModel, pytorchProject } from '../../engine/export/pytorch-project';
import { inputMappingFromModelJson, parametersFromModelJson, type ModelJson } from '../../engine/model/model';
import { DEFAULTS, isBuiltinData, type NetworkSpec } from '../../engine/spec/types';
import { exportDataPaths } from '../../node/exportDataPaths';
import { lensPackageFiles, lensRunsOf } from '../../node/lensPackage';
import { encodeOnnx } from '../../node/onnx';
import { runsDirFor } from '../session/vscodeHost';

/** Writes bytes next to the target and renames, so a failed write leaves no half file. */
export async function writeAtomic(uri: vscode.Uri, bytes: Uint8Array): Promise<void> {
  const temp = uri.with({ path: `${uri.path}.${Date.now()}.tmp` });
  await vscode.workspace.fs.writeFile(temp, bytes);
  await vscode.workspace.fs.rename(temp, uri, { overwrite: true });
}

/** The model as ONNX of the spec (its activations; a model of other shapes throws naming the layer before anything is written). */
export async function writeOnnx(model: unknown, spec: NetworkSpec, uri: vscode.Uri): Promise<void> {
  await writeAtomic(uri, encodeOnnx(onnxModelOf(model as ModelJson, spec)));
}

/**
 * Writes the PyTorch project of the spec (its data paths relative to `specPath`) starting from the trained model's
 * weights into `folder` (a model of other shapes throws before anything is written); resolves train.py.
 */
export async function writePytorchProject(spec: NetworkSpec, specPath: string, model: unknown, folder: vscode.Uri): Promise<vscode.Uri> {
  const initial = parametersFromModelJson(model);
  const dataset = isBuiltinData(spec.data) ? generateBuiltin(spec.data, spec.seed ?? DEFAULTS.seed) : datasetOfModel(model as ModelJson);
  const savedNormalization = inputMappingFromModelJson(model).normalization; // the trained weights' map, as Continue Training uses it
  const lensRuns = lensRunsOf(specPath, folder.fsPath, runsDirFor(vscode.Uri.file(specPath)).fsPath);
  const files = [...pytorchProject({ spec, dataset, initial, dataPaths: exportDataPaths(spec, specPath, folder.fsPath), savedNormalization, lensRuns }), ...lensPackageFiles()];
  for (const file of files) {
    const uri = vscode.Uri.joinPath(folder, ...file.path.split('/'));
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await writeAtomic(uri, new TextEncoder().encode(file.text));
  }
  return vscode.Uri.joinPath(folder, 'train.py');
}
