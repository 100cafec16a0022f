/** "Export Trained Model" and "Reveal Run Folder". */
import * as vscode from 'vscode';
import type { SessionManager } from '../session';
import { workspaceRunFs } from '../session/vscodeHost';
import { jsonBytes } from '../session/runFolder';

/** The current run's model: live from its worker, else the model.json of its run folder. */
async function currentModel(sessions: SessionManager): Promise<unknown> {
  const session = sessions.current;
  if (!session) throw new Error('no run yet: train a spec first');
  if (session.isActive) return session.requestModel();
  await session.ended;
  if (!session.runFolder) throw new Error('the last run saved no model');
  const modelUri = vscode.Uri.joinPath(vscode.Uri.parse(session.runFolder), 'model.json');
  if (!(await workspaceRunFs.exists(modelUri))) throw new Error('the last run saved no model (it failed before training ended)');
  return JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(modelUri)));
}

/** Writes the model JSON (the CLI's --save format) where the user picks; resolves the target. */
export async function exportModel(sessions: SessionManager, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  let model: unknown;
  try {
    model = await currentModel(sessions);
  } catch (error) {
    void vscode.window.showWarningMessage(`Nothing to export: ${(error as Error).message}.`);
    return undefined;
  }
  const session = sessions.current!;
  const specUri = vscode.Uri.parse(session.specUri);
  const uri = target ?? await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(specUri, '..', `${session.name}.model.json`), filters: { 'Model JSON': ['json'] }, saveLabel: 'Export Model',
  });
  if (!uri) return undefined;
  const temp = uri.with({ path: `${uri.path}.${Date.now()}.tmp` });
  await vscode.workspace.fs.writeFile(temp, jsonBytes(model));
  await vscode.workspace.fs.rename(temp, uri, { overwrite: true });
  void vscode.window.showInformationMessage(`Model exported to ${vscode.workspace.asRelativePath(uri)}.`);
  return uri;
}

/** Shows the current run's folder in the Explorer (or the OS file manager when outside the workspace). */
export async function revealRunFolder(sessions: SessionManager): Promise<vscode.Uri | undefined> {
  const folder = sessions.current?.runFolder;
  if (!folder) {
    void vscode.window.showInformationMessage('No run folder yet: a run writes its folder when it ends.');
    return undefined;
  }
  const uri = vscode.Uri.parse(folder);
  if (vscode.workspace.getWorkspaceFolder(uri)) await vscode.commands.executeCommand('revealInExplorer', uri);
  else await vscode.commands.executeCommand('revealFileInOS', uri);
  return uri;
}
