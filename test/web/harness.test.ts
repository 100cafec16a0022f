// Proves where the suite runs: inside the browser's web-worker extension host, with the extension loaded there.
import * as vscode from 'vscode';
import { equal, ok } from './assert';
import { EXTENSION_ID, extensionApi } from './support';

describe('web harness', () => {
  it('runs in a web worker: no process object, a worker global scope', () => {
    equal(typeof process, 'undefined', 'process is a Node global: the suite ran in the Node extension host');
    const scope = globalThis as unknown as { importScripts?: unknown; name?: string };
    equal(typeof scope.importScripts, 'function', `importScripts (a worker's global) in ${scope.name ?? 'this scope'}`);
  });

  it(`extension ${EXTENSION_ID} runs in this host: its "browser" entry activates and returns the API`, async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    ok(extension, `${EXTENSION_ID} is not loaded in this (web worker) extension host`);
    equal(extension.extensionKind, vscode.ExtensionKind.UI, 'a web extension runs on the UI side');
    ok((await extensionApi()).sessions, 'the API of activate()');
    equal(extension.isActive, true);
  });
});
