// Shared by the web tests (they run in a web worker: no node:* modules, files only through vscode.workspace.fs).
import * as vscode from 'vscode';
import type { SessionManager } from '../../src/extension/session';

export const EXTENSION_ID = 'backprop-lens.backprop-lens';

/** Activates the extension and returns what activate() returned (its `sessions`). */
export async function extensionApi(): Promise<{ sessions: SessionManager }> {
  const extension = vscode.extensions.getExtension<{ sessions: SessionManager } | undefined>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded in this extension host`);
  const api = await extension.activate();
  // Without a "browser" entry the web worker host still lists the extension, but runs none of its code.
  if (!api?.sessions) throw new Error(`${EXTENSION_ID} activated without returning its API: did its "browser" entry run?`);
  return api;
}

/** `relativePath` under the workspace folder (a vscode-remote:// URI in code-server: Uri.file would not reach it). */
export function workspaceUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** Polls `probe` (sync or async) until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** console.log's '%s' / '%d' substitution, so mocha's reporter lines reach the runner as one string each. */
export function formatLogLine(data: unknown[]): string {
  const [first, ...rest] = data;
  if (typeof first !== 'string') return data.map(String).join(' ');
  const text = first.replace(/%[sdifoOj%]/g, (token) => (token === '%%' ? '%' : rest.length ? String(rest.shift()) : token));
  return [text, ...rest.map(String)].join(' ');
}
