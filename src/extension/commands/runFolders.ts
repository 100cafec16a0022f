/** The workspace's saved run folders, for Open Run… and Compare Runs…: listed newest first, picked, or given as arguments. */
import * as vscode from 'vscode';
import type { LoadedRun } from '../session/comparedRuns';
import { readRunFolder, type SavedRun } from '../session/readRunFolder';
import { loadedRun } from '../session/savedRunState';
import { runsDirFor, workspaceRunFs } from '../session/vscodeHost';
import { hostPlatform } from '../platform';
import { pytorchRunFolders } from '../pytorch/watchPytorchRun';
import { isPytorchRunFolder, readPytorchRun } from '../pytorch/pytorchRunFolder';

/** Run folders given as a command argument: the Explorer passes (clicked, selected[]), scripts pass URIs or strings. */
export function foldersFromArgs(first?: unknown, all?: unknown): vscode.Uri[] {
  const list = Array.isArray(all) && all.length ? all : Array.isArray(first) ? first : first ? [first] : [];
  return list.flatMap((item) => (item instanceof vscode.Uri ? [item] : typeof item === 'string' ? [item.includes('://') ? vscode.Uri.parse(item) : vscode.Uri.file(item)] : []));
}

/** `2026-12-02T13-01-10` inside a run folder name (or the name itself). */
function timestampOf(name: string): string {
  return /\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}.*$/.exec(name)?.[0] ?? name;
}

/** Every run folder of the workspace's runs directories, newest first (names end in a sortable timestamp). */
export async function workspaceRunFolders(): Promise<vscode.Uri[]> {
  const dirs = (vscode.workspace.workspaceFolders ?? []).map((ws) => runsDirFor(vscode.Uri.joinPath(ws.uri, 'any.nn.json')));
  const folders: { name: string; uri: vscode.Uri }[] = [];
  for (const dir of dirs) {
    const entries = await Promise.resolve(vscode.workspace.fs.readDirectory(dir)).catch(() => [] as [string, vscode.FileType][]);
    for (const [name, type] of entries) if (type === vscode.FileType.Directory) folders.push({ name, uri: vscode.Uri.joinPath(dir, name) });
  }
  const native = folders.sort((a, b) => timestampOf(b.name).localeCompare(timestampOf(a.name))).map((f) => f.uri);
  const listed = new Set(native.map((uri) => uri.toString()));
  const pytorch = (await pytorchRunFolders()).map((f) => f.uri).filter((uri) => !listed.has(uri.toString()));
  return [...pytorch, ...native.filter((uri) => !pytorch.some((p) => p.toString() === uri.toString()))];
}

/** The spec's run folders (src/node/specRuns.ts: by metrics.json's specFile, older folders by name), newest first. */
export async function specRunFolders(specUri: vscode.Uri): Promise<vscode.Uri[]> {
  const runsDir = runsDirFor(specUri);
  const entries = await Promise.resolve(vscode.workspace.fs.readDirectory(runsDir)).catch(() => [] as [string, vscode.FileType][]);
  const folders = entries.filter(([, type]) => type === vscode.FileType.Directory).map(([name]) => vscode.Uri.joinPath(runsDir, name));
  const runs = await Promise.all(folders.map(async (folder) => ({ folder: folder.fsPath, uri: folder, specFile: await specFileOf(folder) })));
  const byPath = new Map(runs.map((r) => [r.folder, r.uri]));
  return hostPlatform().specRuns.specRunsNewestFirst(specUri.fsPath, runs).map((folder) => byPath.get(folder)!);
}

/** metrics.json's `specFile` (undefined when the folder has none or it cannot be read). */
async function specFileOf(folder: vscode.Uri): Promise<unknown> {
  try {
    const metrics = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'metrics.json'))));
    return (metrics as { specFile?: unknown } | null)?.specFile;
  } catch {
    return undefined;
  }
}

/** Quick-pick items for run folders: the folder name, and where it is. */
export function runFolderItems(folders: vscode.Uri[]): { label: string; description: string; uri: vscode.Uri }[] {
  return folders.map((uri) => ({ label: uri.path.split('/').pop()!, description: vscode.workspace.asRelativePath(vscode.Uri.joinPath(uri, '..'), false), uri }));
}

/** Reads a run folder (throws RunFolderError naming the file and where). */
export function readSavedRun(folder: vscode.Uri): Promise<SavedRun> {
  return readRunFolder(workspaceRunFs, folder);
}

/** Compare Runs' LoadRun: a run folder read, labelled by its folder name. */
export async function loadRunForCompare(folder: vscode.Uri): Promise<LoadedRun> {
  if (await isPytorchRunFolder(folder)) {
    const run = await readPytorchRun(folder);
    return { folder: folder.toString(), label: folder.path.split('/').pop() ?? folder.toString(), info: run.info, state: run.state.state as LoadedRun['state'], record: run.state.record!, specText: null };
  }
  return loadedRun(await readSavedRun(folder), folder.toString(), folder.path.split('/').pop() ?? folder.toString());
}
