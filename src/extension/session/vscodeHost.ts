/** The SessionHost of the real extension: the platform's workers, the log channel, run folders via workspace.fs. */
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { hostPlatform } from '../platform';
import { specBaseName, createRunFolder, writeRunFiles, type RunFiles, type RunFolderFs } from './runFolder';
import type { RunFolderReadFs } from './readRunFolder';
import type { RunSession, SessionHost } from './runSession';

/** vscode.workspace.fs behind the RunFolderFs interface. */
export const workspaceRunFs: RunFolderFs<vscode.Uri> & RunFolderReadFs<vscode.Uri> = {
  join: (base, ...parts) => vscode.Uri.joinPath(base, ...parts),
  exists: async (uri) => {
    try {
      await vscode.workspace.fs.stat(uri);
      return true;
    } catch {
      return false;
    }
  },
  createDirectory: async (uri) => { await vscode.workspace.fs.createDirectory(uri); },
  // Local files (Node host) are fsync'd before writeFileAtomic renames them into place (src/node/atomic.ts): a crash
  // leaves the old state or the new file. Elsewhere (the browser, remote file systems) workspace.fs writes the whole file.
  writeFile: async (uri, bytes) => {
    const local = hostPlatform().localFiles;
    await (uri.scheme === 'file' && local ? local.writeFileSynced(uri.fsPath, bytes) : vscode.workspace.fs.writeFile(uri, bytes));
  },
  // workspace.fs.rename({ overwrite: true }) deletes the target first (a crash in between leaves only the temp file, which
  // the run folder's reader does not take for the real one); node's rename replaces it atomically.
  rename: async (from, to, replace) => {
    const local = hostPlatform().localFiles;
    await (replace && from.scheme === 'file' && local ? local.renameReplacing(from.fsPath, to.fsPath) : vscode.workspace.fs.rename(from, to, { overwrite: !!replace }));
  },
  delete: async (uri) => { await vscode.workspace.fs.delete(uri); },
  readFile: async (uri) => vscode.workspace.fs.readFile(uri),
};

/** The runs directory for a spec: the setting, relative to the spec's workspace folder (or the spec's folder). */
export function runsDirFor(specUri: vscode.Uri): vscode.Uri {
  const setting = readSettings(specUri).runFolder;
  if (/^([a-zA-Z]:[\\/]|\/)/.test(setting)) return specUri.with({ path: vscode.Uri.file(setting).path });
  const base = vscode.workspace.getWorkspaceFolder(specUri)?.uri ?? vscode.Uri.joinPath(specUri, '..');
  return vscode.Uri.joinPath(base, ...setting.split(/[\\/]/).filter(Boolean));
}

/** The run's files into its own folder (created by its first checkpoint or final write). */
function writeSessionFiles(session: RunSession, files: RunFiles): Promise<vscode.Uri> {
  const specUri = vscode.Uri.parse(session.specUri);
  const newFolder = () => createRunFolder(workspaceRunFs, runsDirFor(specUri), specBaseName(session.specPath), new Date());
  return writeRunFiles(workspaceRunFs, session.runFolder === undefined ? undefined : vscode.Uri.parse(session.runFolder), newFolder, files, (folder) => hostPlatform().specRuns.specFileFrom(folder.fsPath, specUri.fsPath));
}

export function createSessionHost(log: vscode.LogOutputChannel): SessionHost {
  return {
    createWorker: () => hostPlatform().createWorker(),
    log,
    updateRate: () => readSettings().updatesPerSecond,
    saveRun: async (session, files) => {
      const folder = await writeSessionFiles(session, files);
      log.info(`run saved to ${folder.fsPath}`);
      return folder.toString();
    },
    checkpointRun: async (session, files) => (await writeSessionFiles(session, files)).toString(),
  };
}
