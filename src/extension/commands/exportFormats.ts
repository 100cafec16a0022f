/** Writing a trained model as ONNX or as a PyTorch project from the editor (the CLI's `export`, through vscode.workspace.fs). */
import * as vscode from 'vscode';
import { generateBuiltin } from '../../engine/data/synthetic';
import { onnxModelOf } from '../../engine/export/onnx-graph';
import { datasetOfModel, pytorchProject, type ProjectFile } from '../../engine/export/pytorch-project';
import { inputMappingFromModelJson, parametersFromModelJson, type ModelJson } from '../../engine/model/model';
import { DEFAULTS, isBuiltinData, type NetworkSpec } from '../../engine/spec/types';
import { encodeOnnx } from '../../node/onnx'; // protobufjs: no Node API, runs in the browser build too
import { hostPlatform } from '../platform';
import { lensRunsWith } from '../session/runFolder';
import { runsDirFor } from '../session/vscodeHost';

/**
 * Writes bytes next to the target and renames, so a failed write leaves no half file. workspace.fs.rename with
 * overwrite deletes the target first: a crash between the two leaves the .tmp file and no target, never a half target.
 */
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
 * Writes the PyTorch project of the spec (its data paths relative to the spec file) with the lens package starting from the trained model's
 * weights into `folder` (a model of other shapes throws before anything is written); resolves train.py.
 */
export async function writePytorchProject(spec: NetworkSpec, specUri: vscode.Uri, model: unknown, folder: vscode.Uri, extensionUri: vscode.Uri): Promise<vscode.Uri> {
  const initial = parametersFromModelJson(model);
  const dataset = isBuiltinData(spec.data) ? generateBuiltin(spec.data, spec.seed ?? DEFAULTS.seed) : datasetOfModel(model as ModelJson);
  const savedNormalization = inputMappingFromModelJson(model).normalization; // the trained weights' map, as Continue Training uses it
  const platform = hostPlatform();
  const lensRuns = lensRunsWith(platform.path, specUri.fsPath, folder.fsPath, runsDirFor(specUri).fsPath);
  const dataPaths = platform.exportDataPaths(spec, specUri.fsPath, folder.fsPath);
  const files = [...pytorchProject({ spec, dataset, initial, dataPaths, savedNormalization, lensRuns }), ...await lensPackageFiles(extensionUri)];
  for (const file of files) {
    const uri = vscode.Uri.joinPath(folder, ...file.path.split('/'));
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await writeAtomic(uri, new TextEncoder().encode(file.text));
  }
  return vscode.Uri.joinPath(folder, 'train.py');
}

/** python/backprop_lens/*.py of the installed extension as `backprop_lens/<file>`, read through workspace.fs (a browser serves them too). */
async function lensPackageFiles(extensionUri: vscode.Uri): Promise<ProjectFile[]> {
  const dir = vscode.Uri.joinPath(extensionUri, 'python', 'backprop_lens');
  const names = (await vscode.workspace.fs.readDirectory(dir)).map(([name]) => name).filter((name) => name.endsWith('.py')).sort();
  return Promise.all(names.map(async (name) => ({ path: `backprop_lens/${name}`, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, name))) })));
}
