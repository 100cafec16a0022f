/** "New Network Spec…": pick a template and a name, write the spec (and its sample data) without overwriting, open it. */
import * as vscode from 'vscode';
import { TEMPLATES, specNameFrom, type SpecTemplate } from '../templates';

export interface NewSpecArgs { template?: string; name?: string; folder?: vscode.Uri; open?: boolean }

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** `<name>.nn.json`, or `<name>-2.nn.json`, … when taken. */
async function freeSpecName(folder: vscode.Uri, name: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${name}-${n}`;
    if (!(await exists(vscode.Uri.joinPath(folder, `${candidate}.nn.json`)))) return candidate;
  }
}

async function pickTemplate(id?: string): Promise<SpecTemplate | undefined> {
  if (id) return TEMPLATES.find((t) => t.id === id);
  const picked = await vscode.window.showQuickPick(
    TEMPLATES.map((t) => ({ label: t.label, description: t.description, template: t })),
    { placeHolder: 'Start from which network?' },
  );
  return picked?.template;
}

function targetFolder(args: NewSpecArgs): vscode.Uri | undefined {
  if (args.folder) return args.folder;
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = active && vscode.workspace.getWorkspaceFolder(active);
  return folder?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
}

/** Creates the spec; resolves its URI (undefined when cancelled). */
export async function newSpec(args: NewSpecArgs = {}): Promise<vscode.Uri | undefined> {
  const template = await pickTemplate(args.template);
  if (!template) return undefined;
  const folder = targetFolder(args);
  if (!folder) {
    void vscode.window.showWarningMessage('Open a folder first: the new spec is written into the workspace.');
    return undefined;
  }
  const typed = args.name ?? await vscode.window.showInputBox({
    prompt: 'Name of the new spec (file <name>.nn.json)', value: template.id,
    validateInput: (v) => (specNameFrom(v) ? undefined : 'Use letters, digits, "-" or "_".'),
  });
  if (typed === undefined) return undefined;
  const name = await freeSpecName(folder, specNameFrom(typed) || template.id);
  const encoder = new TextEncoder();
  for (const file of template.files?.(name) ?? []) {
    const uri = vscode.Uri.joinPath(folder, file.fileName);
    if (!(await exists(uri))) await vscode.workspace.fs.writeFile(uri, encoder.encode(file.text));
  }
  const specUri = vscode.Uri.joinPath(folder, `${name}.nn.json`);
  await vscode.workspace.fs.writeFile(specUri, encoder.encode(template.spec(name)));
  if (args.open !== false) await vscode.window.showTextDocument(specUri);
  return specUri;
}
