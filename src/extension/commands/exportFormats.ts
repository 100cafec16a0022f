/** Writing a trained model as ONNX or as a PyTorch project from the editor (the CLI's `export`, through vscode.workspace.fs). */
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import * as vscode from 'vscode';
import { generateBuiltin } from '../../engine/data/synthetic';
import { onnxModelOf } from '../../engine/export/onnx-graph';
import { datasetOfModel, pytorchProject } from '../../engine/export/pytorch-project';
import { inputMappingFromModelJson, parametersFromModelJson, type ModelJson } from '../../engine/model';
import { parseSpecText } from '../../engine/spec';
import { DEFAULTS, isBuiltinData, isCsvData, isIdxData, type NetworkSpec } from '../../engine/spec/types';
import { encodeOnnx } from '../../node/onnx';

/** Writes bytes next to the target and renames, so a failed write leaves no half file. */
export async function writeAtomic(uri: vscode.Uri, bytes: Uint8Array): Promise<void> {
  const temp = uri.with({ path: `${uri.path}.${Date.now()}.tmp` });
  await vscode.workspace.fs.writeFile(temp, bytes);
  await vscode.workspace.fs.rename(temp, uri, { overwrite: true });
}

export async function writeOnnx(model: unknown, uri: vscode.Uri): Promise<void> {
  parametersFromModelJson(model);
  await writeAtomic(uri, encodeOnnx(onnxModelOf(model as ModelJson)));
}

/** The spec's data files as seen from the project folder. */
function dataPaths(spec: NetworkSpec, specPath: string, outDir: string): Record<string, string | null> {
  const from = (p: string | undefined) => (p === undefined ? null : relative(outDir, isAbsolute(p) ? p : resolve(dirname(specPath), p)));
  if (isCsvData(spec.data)) return { csv: from(spec.data.csv), testCsv: from(spec.data.testCsv) };
  if (isIdxData(spec.data)) {
    const f = spec.data.idx;
    return { trainImages: from(f.trainImages), trainLabels: from(f.trainLabels), testImages: from(f.testImages), testLabels: from(f.testLabels) };
  }
  return {};
}

/** Writes the PyTorch project of the spec starting from the trained model's weights into `folder`; resolves train.py. */
export async function writePytorchProject(specUri: vscode.Uri, model: unknown, folder: vscode.Uri): Promise<vscode.Uri> {
  const initial = parametersFromModelJson(model);
  const parsed = parseSpecText(new TextDecoder().decode(await vscode.workspace.fs.readFile(specUri)));
  if (!parsed.spec) throw new Error(`${vscode.workspace.asRelativePath(specUri)} does not parse as a spec`);
  const spec = parsed.spec;
  const dataset = isBuiltinData(spec.data) ? generateBuiltin(spec.data, spec.seed ?? DEFAULTS.seed) : datasetOfModel(model as ModelJson);
  const savedNormalization = inputMappingFromModelJson(model).normalization; // the trained weights' map, as Continue Training uses it
  const files = pytorchProject({ spec, dataset, initial, dataPaths: dataPaths(spec, specUri.fsPath, folder.fsPath), savedNormalization });
  for (const file of files) {
    const uri = vscode.Uri.joinPath(folder, ...file.path.split('/'));
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await writeAtomic(uri, new TextEncoder().encode(file.text));
  }
  return vscode.Uri.joinPath(folder, 'train.py');
}
