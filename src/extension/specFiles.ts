/** Finding and reading spec files: the active *.nn.json editor, or one picked from the workspace. */
import * as vscode from 'vscode';

const SPEC_GLOB = '**/*.nn.json';

export function isSpecUri(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return !!uri && /\.nn\.json$/i.test(uri.path);
}

/** The spec to act on: the argument, the active editor's spec, the only spec in the workspace, or a pick. */
export async function resolveSpecUri(arg?: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg) return vscode.Uri.parse(arg);
  const active = vscode.window.activeTextEditor?.document.uri;
  if (isSpecUri(active)) return active;
  const found = await vscode.workspace.findFiles(SPEC_GLOB, '**/node_modules/**', 200);
  if (found.length === 1) return found[0];
  if (found.length === 0) {
    void vscode.window.showWarningMessage('No *.nn.json spec in the workspace: create one with "Backprop Lens: New Network Spec…".');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder: 'Which network spec?' },
  );
  return picked?.uri;
}

/** The spec's text: the open document's (unsaved edits included) or the file's. */
export async function readSpecText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export function fileName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}
