/**
 * The browser build's data reading: a Web Worker cannot read workspace files, so the extension host reads the files a
 * spec names through vscode.workspace.fs (un-gzipping them) and posts the bytes with the start or probe message. The
 * same rules as the Node worker's node:fs reading (src/node/dataFiles.ts): paths relative to the spec's folder, none
 * outside the workspace folder unless allowed, nothing over the memory budget.
 */
import * as vscode from 'vscode';
import { parse } from 'jsonc-parser';
import { writtenDataPaths, type PreloadedFile } from '../../engine/data/data-files';
import { formatBytes } from '../../engine/train/resources';
import { posixPath } from '../../engine/text/posix-path';
import type { PreloadedFiles, RunOptions } from '../../protocol';
import { gunzipStream, GunzipTooLargeError } from './gunzipStream';

/** The URI of the spec whose file-system path the worker message carries (an open document's, else under a workspace folder). */
function specUriOfPath(specPath: string): vscode.Uri {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === specPath);
  if (open) return open.uri;
  const folder = (vscode.workspace.workspaceFolders ?? []).find((f) => specPath === f.uri.fsPath || specPath.startsWith(`${f.uri.fsPath}/`));
  return folder ? folder.uri.with({ path: folder.uri.path + specPath.slice(folder.uri.fsPath.length) }) : vscode.Uri.file(specPath);
}

/** Every data file the spec text names, read (or why not), keyed by the path as written. */
export async function preloadSpecData(specPath: string, specText: string, options: RunOptions): Promise<PreloadedFiles> {
  const spec = parse(specText, [], { allowTrailingComma: true }) as { data?: unknown } | undefined;
  const specUri = specUriOfPath(specPath);
  const files: PreloadedFiles = {};
  for (const written of new Set(writtenDataPaths(spec?.data))) files[written] = await preloadFile(specUri, written, options);
  return files;
}

/** The data file's URI: relative to the spec's folder, or an absolute path on the spec's file system. */
function dataUri(specUri: vscode.Uri, written: string): vscode.Uri {
  return posixPath.isAbsolute(written) ? specUri.with({ path: posixPath.resolve(written) }) : vscode.Uri.joinPath(specUri, '..', written);
}

async function preloadFile(specUri: vscode.Uri, written: string, options: RunOptions): Promise<PreloadedFile> {
  const uri = dataUri(specUri, written.replace(/\\/g, '/'));
  const root = vscode.workspace.getWorkspaceFolder(specUri)?.uri ?? vscode.Uri.joinPath(specUri, '..');
  const rel = posixPath.relative(root.path, uri.path);
  if (!options.allowDataOutsideWorkspace && (rel === '..' || rel.startsWith('../') || uri.scheme !== root.scheme || uri.authority !== root.authority)) {
    return { refused: `${written} ${posixPath.isAbsolute(written) ? 'is an absolute path' : 'climbs out with ".."'} to ${uri.path}, outside the workspace folder ${root.path}: move the file into the workspace, or allow it with the setting "backpropLens.allowDataOutsideWorkspace".` };
  }
  const budget = options.memoryBudgetBytes;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (budget !== undefined && stat.size > budget) return overBudget(`${written} is ${formatBytes(stat.size)} on disk, over the memory budget of ${formatBytes(budget)}: use a smaller file or raise the budget (setting backpropLens.memoryBudgetMB, CLI --memory-budget).`, stat.size, budget);
    let bytes = await vscode.workspace.fs.readFile(uri);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = await gunzipStream(bytes, budget);
    return { bytes, mtime: stat.mtime };
  } catch (error) {
    if (error instanceof GunzipTooLargeError) return overBudget(`${written} un-gzips to more than the memory budget of ${formatBytes(budget!)}: raise the budget or use a smaller file`, budget! + 1, budget!);
    return { missing: true, message: `cannot read ${written}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function overBudget(message: string, size: number, budget: number): PreloadedFile {
  return { overBudget: message, size, budget };
}
