/** "Compare Runs…": two or more run folders (picked, or selected in the Explorer) overlaid in the Compare Runs panel. */
import * as vscode from 'vscode';
import type { ComparedRun } from '../../protocol';
import { comparedRuns, type LoadedRun } from '../session/comparedRuns';
import { runsDirFor } from '../session/vscodeHost';
import { ComparePanel } from '../monitor/comparePanel';

/** Reads one run folder (record-core's readRunFolder); throws with a message naming the file and what is wrong. */
export type LoadRun = (folder: vscode.Uri) => Promise<LoadedRun>;

/** Run folders given as a command argument: the Explorer passes (clicked, selected[]), scripts pass URIs or strings. */
export function foldersFromArgs(first?: unknown, all?: unknown): vscode.Uri[] {
  const list = Array.isArray(all) && all.length ? all : Array.isArray(first) ? first : first ? [first] : [];
  return list.flatMap((item) => (item instanceof vscode.Uri ? [item] : typeof item === 'string' ? [item.includes('://') ? vscode.Uri.parse(item) : vscode.Uri.file(item)] : []));
}

/** Every run folder of the workspace's runs directories, newest first (names end in a sortable timestamp). */
async function workspaceRunFolders(): Promise<vscode.Uri[]> {
  const dirs = (vscode.workspace.workspaceFolders ?? []).map((ws) => runsDirFor(vscode.Uri.joinPath(ws.uri, 'any.nn.json')));
  const folders: { name: string; uri: vscode.Uri }[] = [];
  for (const dir of dirs) {
    const entries = await Promise.resolve(vscode.workspace.fs.readDirectory(dir)).catch(() => [] as [string, vscode.FileType][]);
    for (const [name, type] of entries) if (type === vscode.FileType.Directory) folders.push({ name, uri: vscode.Uri.joinPath(dir, name) });
  }
  return folders.sort((a, b) => timestampOf(b.name).localeCompare(timestampOf(a.name))).map((f) => f.uri);
}

/** `2026-12-02T13-01-10` inside a run folder name (or the name itself). */
function timestampOf(name: string): string {
  return /\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}.*$/.exec(name)?.[0] ?? name;
}

async function pickFolders(): Promise<vscode.Uri[]> {
  const folders = await workspaceRunFolders();
  if (folders.length < 2) {
    void vscode.window.showInformationMessage('Compare Runs needs two or more run folders: train a spec twice (or two specs), then compare.');
    return [];
  }
  const items = folders.map((uri) => ({ label: uri.path.split('/').pop()!, description: vscode.workspace.asRelativePath(vscode.Uri.joinPath(uri, '..'), false), uri }));
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: 'Pick two or more runs to compare (the first picked is the reference)' });
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
