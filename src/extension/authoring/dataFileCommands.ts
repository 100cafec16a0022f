/** Commands behind the data quick fixes: pick a data file for a spec path, allow data outside the workspace. */
import * as vscode from 'vscode';
import { ALLOW_OUTSIDE_DATA_COMMAND, PICK_DATA_FILE_COMMAND } from './codeActions';
import { ADD_CSV_HEADER_COMMAND, addCsvHeader } from './csvFixActions';
import { setValue } from './quickFixes';

/** `to` relative to the folder of `from` (both file URIs), with forward slashes. */
function relativePath(fromFile: vscode.Uri, to: vscode.Uri): string {
  const fromParts = fromFile.path.split('/').slice(0, -1);
  const toParts = to.path.split('/');
  let common = 0;
  while (common < fromParts.length && common < toParts.length && fromParts[common] === toParts[common]) common++;
  return [...Array(fromParts.length - common).fill('..'), ...toParts.slice(common)].join('/');
}

async function pickDataFile(specUri: vscode.Uri, path: (string | number)[]): Promise<void> {
  const isIdx = path.includes('idx');
  const picked = await vscode.window.showOpenDialog({
    defaultUri: vscode.Uri.joinPath(specUri, '..'), canSelectMany: false, openLabel: 'Use as data',
    filters: isIdx ? { 'IDX files': ['gz', 'idx1-ubyte', 'idx3-ubyte', 'ubyte'] } : { 'CSV files': ['csv', 'txt'] },
  });
  if (!picked?.[0]) return;
  const document = await vscode.workspace.openTextDocument(specUri);
  const target = path.length >= 2 ? path : ['data', 'csv'];
  const edit = new vscode.WorkspaceEdit();
  for (const e of setValue(document.getText(), target, relativePath(specUri, picked[0]))) {
    edit.replace(specUri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
  }
  await vscode.workspace.applyEdit(edit);
}

async function allowOutside(specUri: vscode.Uri): Promise<void> {
  await vscode.workspace.getConfiguration('backpropLens', specUri).update('allowDataOutsideWorkspace', true, vscode.ConfigurationTarget.Workspace);
}

export function registerDataFileCommands(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(PICK_DATA_FILE_COMMAND, pickDataFile),
    vscode.commands.registerCommand(ALLOW_OUTSIDE_DATA_COMMAND, allowOutside),
    vscode.commands.registerCommand(ADD_CSV_HEADER_COMMAND, addCsvHeader),
  );
}
