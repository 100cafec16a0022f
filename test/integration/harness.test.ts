// Proves the harness itself: the real extension is loaded by a real VS Code and a workspace folder is open.
import * as assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import * as vscode from 'vscode';

const EXTENSION_ID = 'backprop-lens.backprop-lens';

suite('harness', () => {
  test(`extension ${EXTENSION_ID} is found and activates`, async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} not loaded by VS Code ${vscode.version}: does package.json engines.vscode admit it?`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('a workspace folder is open and exists on disk', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, `expected one workspace folder, got ${folders.length}`);
    const folderPath = folders[0].uri.fsPath;
    assert.ok(existsSync(folderPath) && statSync(folderPath).isDirectory(), `${folderPath} is not a directory`);
  });
});
