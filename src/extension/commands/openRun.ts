/** "Open Run…": replays a saved run folder in the monitor (record, δ frames for the step slider, boundary), no worker. */
import * as vscode from 'vscode';
import { linkedSpecPath } from '../../node/specRuns';
import type { SessionManager } from '../session';
import { savedMonitorState } from '../session/savedRunState';
import { foldersFromArgs, readSavedRun, runFolderItems, workspaceRunFolders } from './runFolders';

/** The workspace's run folders, newest first, in a quick pick. */
async function pickRunFolder(): Promise<vscode.Uri | undefined> {
  const folders = await workspaceRunFolders();
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('No saved runs in this workspace yet: train a spec, then open its run.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(runFolderItems(folders), { placeHolder: 'Open which run? (newest first)' }))?.uri;
}

/** Shows the run folder (argument, Explorer selection or pick) in the monitor; resolves its URI string, or undefined. */
export async function openRun(sessions: SessionManager, showMonitor: () => unknown, folderArg?: unknown): Promise<string | undefined> {
  const folder = foldersFromArgs(folderArg)[0] ?? await pickRunFolder();
  if (!folder) return undefined;
  try {
    const run = await readSavedRun(folder);
    const specPath = linkedSpecPath(folder.fsPath, run.specFile) ?? run.info.specPath;
    const finalWeights = run.model !== null && run.specText !== null
      ? { key: folder.toString(), specUri: vscode.Uri.file(specPath).toString(), specPath, specText: run.specText, model: run.model }
      : undefined;
    sessions.showSavedRun(savedMonitorState(run, folder.toString()), run.frames, finalWeights);
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot open the run ${vscode.workspace.asRelativePath(folder)}: ${(error as Error).message}`);
    return undefined;
  }
  showMonitor();
  return folder.toString();
}
