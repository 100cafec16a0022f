/** "Open Run…": replays a saved run folder in the monitor (record, δ frames for the step slider, boundary), no worker. */
import * as vscode from 'vscode';
import { ENDED_BY_RESTART } from '../../protocol';
import { hostPlatform } from '../platform';
import type { SessionManager } from '../session';
import { savedMonitorState } from '../session/savedRunState';
import { isPytorchRunFolder, readPytorchRun } from '../pytorch/pytorchRunFolder';
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

/** Reads a run folder and shows it in the monitor as a saved run (no worker); `restarted`: it was training when VS Code restarted. */
async function showRunFolder(sessions: SessionManager, folder: vscode.Uri, restarted = false): Promise<void> {
  if (await isPytorchRunFolder(folder)) {
    const pytorch = await readPytorchRun(folder);
    return sessions.showSavedRun(pytorch.state, pytorch.frames);
  }
  const run = await readSavedRun(folder);
  const specPath = hostPlatform().specRuns.linkedSpecPath(folder.fsPath, run.specFile) ?? run.info.specPath;
  const finalWeights = run.model !== null && run.specText !== null
    ? { key: folder.toString(), specUri: specUriOf(folder, specPath).toString(), specPath, specText: run.specText, model: run.model }
    : undefined;
  const state = savedMonitorState(run, folder.toString());
  sessions.showSavedRun(restarted && state.state === 'stopped' ? { ...state, message: ENDED_BY_RESTART } : state, run.frames, finalWeights);
}

/** The spec's URI: a file path on the run folder's file system (a local folder's is file:, a browser's workspace's its own scheme). */
function specUriOf(folder: vscode.Uri, specPath: string): vscode.Uri {
  return folder.scheme === 'file' ? vscode.Uri.file(specPath) : folder.with({ path: specPath });
}

/** Run folders searched for a revived monitor's run (newest first). */
const RESTORE_SEARCH = 50;

/**
 * After Reload Window: shows the run `runId` from its run folder (found by the runId its metrics.json records), so a
 * revived monitor gets its whole record, δ frames and epoch rows back; nothing when no folder of it is found or readable.
 */
export async function restoreRunById(sessions: SessionManager, runId: string, wasLive: boolean): Promise<void> {
  for (const folder of (await workspaceRunFolders()).slice(0, RESTORE_SEARCH)) {
    const metrics = await Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'metrics.json'))).then((bytes) => JSON.parse(new TextDecoder().decode(bytes)) as { runId?: unknown }, () => null);
    if (metrics?.runId === runId) return showRunFolder(sessions, folder, wasLive);
  }
}

/** Shows the run folder (argument, Explorer selection or pick) in the monitor; resolves its URI string, or undefined. */
export async function openRun(sessions: SessionManager, showMonitor: () => unknown, folderArg?: unknown): Promise<string | undefined> {
  const folder = foldersFromArgs(folderArg)[0] ?? await pickRunFolder();
  if (!folder) return undefined;
  try {
    await showRunFolder(sessions, folder);
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot open the run ${vscode.workspace.asRelativePath(folder)}: ${(error as Error).message}`);
    return undefined;
  }
  showMonitor();
  return folder.toString();
}
