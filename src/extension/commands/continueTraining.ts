/** "Continue Training from a Saved Model…": trains a spec starting from a model.json (a run's checkpoint or an export). */
import * as vscode from 'vscode';
import type { SessionManager } from '../session';
import { specRunFolders } from './runFolders';
import { fileName, resolveSpecUri } from '../specFiles';

const BROWSE = '$(folder-opened) Browse…';

/** The spec's run folders holding a model.json (specRunFolders), newest first. */
export async function savedModels(specUri: vscode.Uri): Promise<vscode.Uri[]> {
  const models: vscode.Uri[] = [];
  for (const folder of await specRunFolders(specUri)) {
    const model = vscode.Uri.joinPath(folder, 'model.json');
    if (await Promise.resolve(vscode.workspace.fs.stat(model)).then(() => true, () => false)) models.push(model);
  }
  return models;
}

/** Asks for the model: this spec's runs (newest first), or any model.json on disk. */
async function pickModel(specUri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const models = await savedModels(specUri);
  const items = [
    ...models.map((uri) => ({ label: vscode.workspace.asRelativePath(vscode.Uri.joinPath(uri, '..'), false), description: 'model.json', uri })),
    { label: BROWSE, description: 'an exported model or any run\'s model.json', uri: undefined },
  ];
  const picked = await vscode.window.showQuickPick(items, { placeHolder: `Continue training ${fileName(specUri)} from the weights of…` });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Model JSON': ['json'] }, openLabel: 'Start From This Model' });
  return chosen?.[0];
}

/** Starts a run of the spec from the model's weights; resolves its run id, or undefined when nothing started. */
export async function continueTraining(sessions: SessionManager, specArg?: unknown, modelArg?: unknown): Promise<string | undefined> {
  const specUri = await resolveSpecUri(specArg);
  if (!specUri) return undefined;
  const modelUri = modelArg instanceof vscode.Uri ? modelArg : await pickModel(specUri);
  if (!modelUri) return undefined;
  let model: unknown;
  try {
    model = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(modelUri)));
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot read the model ${vscode.workspace.asRelativePath(modelUri)}: ${(error as Error).message}`);
    return undefined;
  }
  return (await sessions.train(specUri, {}, model))?.runId;
}
