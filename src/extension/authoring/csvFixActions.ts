/** Code actions for CSV data errors: read the CSV's first line (small files only) and offer csvFixes (a header row). */
import * as vscode from 'vscode';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { ProbeDiagnostic } from '../../protocol';
import { csvFixes } from './csvFixes';
import { setValue } from './quickFixes';

export const ADD_CSV_HEADER_COMMAND = 'backpropLens.addCsvHeader';
/** Larger files are not read on the extension host for a quick fix. */
const MAX_CSV_BYTES = 8 * 2 ** 20;

/** The CSV named at `path` in the spec, resolved against the spec's folder. */
function csvUri(document: vscode.TextDocument, path: (string | number)[]): vscode.Uri | undefined {
  const tree = parseTree(document.getText(), [], { allowTrailingComma: true });
  const value = tree && findNodeAtLocation(tree, path)?.value;
  if (typeof value !== 'string' || !/csv/i.test(String(path[path.length - 1]))) return undefined;
  if (!/^([a-zA-Z]:[\\/]|\/)/.test(value)) return vscode.Uri.joinPath(document.uri, '..', value);
  return document.uri.scheme === 'file' ? vscode.Uri.file(value) : document.uri.with({ path: value }); // the browser: the spec's file system
}

async function firstLine(uri: vscode.Uri): Promise<string | undefined> {
  try {
    if ((await vscode.workspace.fs.stat(uri)).size > MAX_CSV_BYTES) return undefined;
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    return text.slice(0, text.search(/\r?\n|$/));
  } catch {
    return undefined;
  }
}

export async function csvFixActions(document: vscode.TextDocument, source: ProbeDiagnostic, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const uri = csvUri(document, source.path);
  const line = uri && await firstLine(uri);
  if (!uri || line === undefined) return [];
  return csvFixes(source.message, line).map((fix) => {
    const file = uri.path.split('/').pop();
    const action = new vscode.CodeAction(`Add the header row "${fix.header.join(',')}" to ${file} and use "${fix.target}" as the target`, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.command = { title: action.title, command: ADD_CSV_HEADER_COMMAND, arguments: [document.uri, uri, fix.header, fix.target] };
    return action;
  });
}

/** Prepends the header row to the CSV (write to a temp file, then rename) and sets data.target in the spec. */
export async function addCsvHeader(specUri: vscode.Uri, csv: vscode.Uri, header: string[], target: string): Promise<void> {
  const bytes = await vscode.workspace.fs.readFile(csv);
  const temp = csv.with({ path: `${csv.path}.${Date.now()}.tmp` });
  await vscode.workspace.fs.writeFile(temp, new Uint8Array([...new TextEncoder().encode(`${header.join(',')}\n`), ...bytes]));
  await vscode.workspace.fs.rename(temp, csv, { overwrite: true });
  const document = await vscode.workspace.openTextDocument(specUri);
  const edit = new vscode.WorkspaceEdit();
  for (const e of setValue(document.getText(), ['data', 'target'], target)) {
    edit.replace(specUri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
  }
  await vscode.workspace.applyEdit(edit);
}
