/** "Compare Runs…": two or more run folders (picked, or selected in the Explorer) overlaid in the Compare Runs panel. */
import * as vscode from 'vscode';
import type { ComparedRun } from '../../protocol';
import { comparedRuns, type LoadedRun } from '../session/comparedRuns';
import { foldersFromArgs, runFolderItems, workspaceRunFolders } from './runFolders';
import { ComparePanel } from '../monitor/comparePanel';

/** Reads one run folder (readRunFolder); throws with a message naming the file and what is wrong. */
export type LoadRun = (folder: vscode.Uri) => Promise<LoadedRun>;

async function pickFolders(): Promise<vscode.Uri[]> {
  const folders = await workspaceRunFolders();
  if (folders.length < 2) {
    void vscode.window.showInformationMessage('Compare Runs needs two or more run folders: train a spec twice (or two specs), then compare.');
    return [];
  }
  const picked = await vscode.window.showQuickPick(runFolderItems(folders), { canPickMany: true, placeHolder: 'Pick two or more runs to compare (the oldest is the reference of every spec diff)' });
  return (picked ?? []).map((item) => item.uri);
}

/** Loads the folders (skipping, with a message, those that cannot be read) and shows them; resolves what was drawn. */
export async function compareRuns(extensionUri: vscode.Uri, load: LoadRun, first?: unknown, all?: unknown): Promise<ComparedRun[] | undefined> {
  const given = foldersFromArgs(first, all);
  const folders = given.length ? given : await pickFolders();
  if (folders.length === 0) return undefined;
  const loaded: LoadedRun[] = [];
  for (const folder of folders) {
    try {
      loaded.push(await load(folder));
    } catch (error) {
      void vscode.window.showErrorMessage(`Cannot compare ${vscode.workspace.asRelativePath(folder)}: ${(error as Error).message}`);
    }
  }
  if (loaded.length < 2) {
    if (folders.length >= 2) void vscode.window.showWarningMessage('Compare Runs needs two readable runs.');
    else void vscode.window.showInformationMessage('Pick two or more runs to compare.');
    return undefined;
  }
  const runs = comparedRuns(loaded);
  ComparePanel.show(extensionUri, runs);
  return runs;
}
