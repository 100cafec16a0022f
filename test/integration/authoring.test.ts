// Spec authoring helpers in a real editor: New Network Spec…, the code lens, the layer hover during a run.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExplainTarget } from '../../src/protocol';
import type { SessionManager } from '../../src/extension/session';
import { extensionApi, fixtureUri, fixturesDir, specDiagnostics, waitFor } from '../fixtures/integration-support';

let sessions: SessionManager;

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
}

describe('authoring', function () {
  this.timeout(60_000);
  before(async () => { ({ sessions } = await extensionApi()); });
  afterEach(async () => { await sessions.stopActive(); });

  it('New Network Spec… writes a commented spec that validates and trains, never overwriting', async () => {
    const folder = vscode.Uri.file(fixturesDir());
    const first = await vscode.commands.executeCommand<vscode.Uri>('backpropLens.newSpec', { template: 'csv', name: 'made', folder, open: false });
    const second = await vscode.commands.executeCommand<vscode.Uri>('backpropLens.newSpec', { template: 'csv', name: 'made', folder, open: false });
    assert.equal(first.fsPath, join(fixturesDir(), 'made.nn.json'));
    assert.equal(second.fsPath, join(fixturesDir(), 'made-2.nn.json'));
    assert.ok(existsSync(join(fixturesDir(), 'made.csv')), 'its sample CSV');
    assert.match(readFileSync(first.fsPath, 'utf8'), /^\/\/ /);
    const document = await vscode.workspace.openTextDocument(first);
    await vscode.window.showTextDocument(document);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(specDiagnostics(first).map((d) => d.message), [], 'no problems, data-shape ones included');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    const runId = await vscode.commands.executeCommand<string>('backpropLens.train', first);
    assert.ok(runId);
    assert.equal((await sessions.current!.ended).state, 'finished');
  });

  it('the code lens offers Train, Gradient check and Monitor; Pause and Stop while that spec trains', async () => {
    const uri = fixtureUri('long.nn.json');
    await vscode.workspace.openTextDocument(uri); // the workbench computes lenses only for loaded documents
    const titles = async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)).map((l) => l.command?.title);
    assert.deepEqual(await titles(), ['$(play) Train', '$(check) Gradient check', '$(graph-line) Monitor']);
    await vscode.commands.executeCommand('backpropLens.train', uri);
    await waitFor(() => sessions.current?.state === 'running', 10_000, 'running');
    assert.deepEqual(await titles(), ['$(debug-pause) Pause', '$(debug-stop) Stop', '$(check) Gradient check', '$(graph-line) Monitor']);
  });

  it('hovering a layer of the training spec shows its ‖δ‖ and dead-unit share, and its link opens Explain on that layer', async () => {
    const uri = fixtureUri('long.nn.json');
    await vscode.commands.executeCommand('backpropLens.train', uri);
    await waitFor(() => sessions.current?.getMonitorState().snapshot, 10_000, 'a δ snapshot');
    const document = await vscode.workspace.openTextDocument(uri);
    const position = document.positionAt(document.getText().indexOf('"relu"') + 2);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position));
    assert.match(text, /Layer 1\*\* at step \d+: ‖δ\^1‖ = \d/);
    assert.match(text, /dead units \d+\.\d %/);
    const link = /\(command:(backpropLens\.explainLayer)\?([^ )]+)/.exec(text);
    assert.ok(link, `a link to Explain in: ${text}`);
    const asked: ExplainTarget[] = [];
    const explain = sessions.explain.bind(sessions);
    sessions.explain = (target) => { asked.push(target); return explain(target); };
    try {
      await vscode.commands.executeCommand(link[1], ...JSON.parse(decodeURIComponent(link[2])));
      await waitFor(() => asked.length > 0, 20_000, "the monitor's webview asking the host to explain");
      assert.deepEqual({ layer: asked[0].layer, column: asked[0].column }, { layer: 1, column: 0 });
    } finally {
      sessions.explain = explain;
    }
  });
});
