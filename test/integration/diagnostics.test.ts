// Spec diagnostics in a real editor: exact ranges for an invalid spec, data-shape problems from the worker, quick fixes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extensionApi, fixtureUri, fixturesDir, rangeOf, specDiagnostics, waitFor } from '../fixtures/integration-support';
import type { SessionManager } from '../../src/extension/session';

async function open(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(name));
  await vscode.window.showTextDocument(document);
  return document;
}

function byCode(uri: vscode.Uri, code: string): vscode.Diagnostic | undefined {
  return specDiagnostics(uri).find((d) => d.code === code);
}

/** Applies the quick fix titled `title` offered at `range`. */
async function applyQuickFix(document: vscode.TextDocument, range: vscode.Range, title: string): Promise<void> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range, vscode.CodeActionKind.QuickFix.value);
  const action = actions.find((a) => a.title === title);
  assert.ok(action?.edit, `no quick fix "${title}"; offered: ${actions.map((a) => a.title).join(' | ')}`);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
}

describe('spec diagnostics', () => {
  let sessions: SessionManager;
  before(async () => { ({ sessions } = await extensionApi()); });
  afterEach(async () => { await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'); });

  it("VS Code's JSON service adds no second report of the validator's problems, and completes activations from the schema", async () => {
    // Positive control: a value of the wrong JSON type is flagged by the JSON service too, so it is running with our schema.
    const wrongType = await open('wrong-type.nn.json');
    const others = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source !== 'backprop-lens');
    await waitFor(() => others(wrongType.uri).length > 0, 20_000, "the JSON service's type diagnostic on wrong-type.nn.json");
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    const invalid = await open('invalid.nn.json');
    await waitFor(() => specDiagnostics(invalid.uri).length >= 2, 10_000, 'our diagnostics');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the JSON service validates within ~0.5 s of a change
    assert.deepEqual(others(invalid.uri).map((d) => `${d.source}: ${d.message}`), [], 'each problem is reported once');
    const position = rangeOf(invalid, '"relu2"').start.translate(0, 1);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', invalid.uri, position);
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    for (const name of ['"relu"', '"tanh"', '"sigmoid"', '"leaky_relu"']) assert.ok(labels.includes(name), `completion offers ${name}: ${labels.join(' ')}`);
  });

  it('a run whose relu units all die gets a warning on that layer, with "Use leaky_relu" as the fix; an edit clears it', async () => {
    const model = join(fixturesDir(), 'dead.model.json');
    const dense = (units: number, fanIn: number, activation: string, bias: number) => ({ units, activation, weights: Array.from({ length: units }, () => Array(fanIn).fill(0.1)), biases: Array(units).fill(bias) });
    writeFileSync(model, JSON.stringify({ format: 'backprop-lens/model@1', layers: [{ units: 2 }, dense(8, 2, 'relu', -50), dense(1, 8, 'sigmoid', 0)] }));
    const document = await open('dead-relu.nn.json');
    await vscode.commands.executeCommand('backpropLens.continueTraining', document.uri, vscode.Uri.file(model));
    try {
      const dead = await waitFor(() => specDiagnostics(document.uri).find((d) => d.code === 'dead-units'), 15_000, 'a dead-units warning');
      assert.equal(dead.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(dead.message, /100 % or more of layer 1's relu units are dead/);
      assert.ok(dead.range.start.isEqual(rangeOf(document, '{ "units": 8').start), `on layers[1]: ${JSON.stringify(dead.range)}`);
      await applyQuickFix(document, dead.range, 'Use leaky_relu in layer 1');
      assert.match(document.getText(), /\{ "units": 8, "activation": "leaky_relu" \}/);
      await waitFor(() => !specDiagnostics(document.uri).some((d) => d.code === 'dead-units'), 5000, 'the warning cleared by the edit');
    } finally {
      await sessions.stopActive();
    }
  });

  it('opening an invalid spec shows each problem on the exact offending value', async () => {
    const document = await open('invalid.nn.json');
    const diagnostics = await waitFor(() => { const d = specDiagnostics(document.uri); return d.length >= 2 && d; }, 10_000, 'diagnostics');
    assert.deepEqual(diagnostics.map((d) => d.code).sort(), ['out-of-range', 'unknown-enum-value']);
    const activation = byCode(document.uri, 'unknown-enum-value')!;
    assert.ok(activation.range.isEqual(rangeOf(document, '"relu2"')), `activation range ${JSON.stringify(activation.range)}`);
    assert.equal(activation.severity, vscode.DiagnosticSeverity.Error);
    assert.match(activation.message, /relu/);
    const rate = byCode(document.uri, 'out-of-range')!;
    assert.ok(rate.range.isEqual(rangeOf(document, '-1', '"learningRate"')), `learning rate range ${JSON.stringify(rate.range)}`);
  });

  it('a quick fix repairs the misspelt activation, and the diagnostic goes away', async () => {
    const document = await open('invalid.nn.json');
    const activation = await waitFor(() => byCode(document.uri, 'unknown-enum-value'), 10_000, 'unknown-enum-value');
    await applyQuickFix(document, activation.range, 'Set layers[1].activation to "relu"');
    assert.match(document.lineAt(activation.range.start.line).text, /"activation": "relu" \}/);
    await waitFor(() => !byCode(document.uri, 'unknown-enum-value'), 5000, 'the diagnostic to clear');
  });

  it('input units that do not match the CSV\'s feature count: error from the loaded data, fixed by a quick fix', async () => {
    const document = await open('csv-mismatch.nn.json');
    const mismatch = await waitFor(() => byCode(document.uri, 'input-units-mismatch'), 15_000, 'input-units-mismatch from the data probe');
    assert.ok(mismatch.range.isEqual(rangeOf(document, '3', '"units"')), `range ${JSON.stringify(mismatch.range)}`);
    assert.match(mismatch.message, /4 features/);
    await applyQuickFix(document, mismatch.range, 'Set layers[0].units to 4');
    await waitFor(() => !byCode(document.uri, 'input-units-mismatch'), 10_000, 'the mismatch to clear');
    assert.match(document.getText(), /\{ "units": 4 \}/);
  });

  it('a target column missing from the CSV: the error is on the target value, whose quick fix picks one of its columns', async () => {
    const document = await open('wrong-target.nn.json');
    const problem = await waitFor(() => byCode(document.uri, 'target-column-missing'), 15_000, 'the missing-target error');
    assert.match(problem.message, /target column "species"/);
    assert.ok(problem.range.isEqual(rangeOf(document, '"species"', '"target"')), `range ${JSON.stringify(problem.range)}`);
    await applyQuickFix(document, problem.range, 'Set data.target to "label"');
    assert.match(document.getText(), /"target": "label"/);
    await waitFor(() => specDiagnostics(document.uri).length === 0 && true, 10_000, 'no problems left');
  });

  it('data errors show beside spec errors: a misspelt activation and a wrong input width at once', async () => {
    const document = await open('spec-and-data-errors.nn.json');
    await waitFor(() => byCode(document.uri, 'input-units-mismatch'), 15_000, 'input-units-mismatch beside the spec error');
    const activation = byCode(document.uri, 'unknown-enum-value');
    assert.ok(activation?.range.isEqual(rangeOf(document, '"rleu"', '"layers"')), 'the spec error is still shown');
    assert.match(activation!.message, /did you mean "relu"/);
  });

  it('a data file changed on disk refreshes the spec\'s diagnostics without an edit', async () => {
    const csv = join(fixturesDir(), 'data', 'watched.csv');
    writeFileSync(csv, 'f1,f2,f3,label\n1,2,3,a\n2,3,4,b\n3,4,5,a\n4,5,6,b\n');
    const document = await open('watched.nn.json');
    await waitFor(() => byCode(document.uri, 'input-units-mismatch'), 15_000, 'the mismatch with a 3-feature CSV');
    // The file watcher starts when the spec opens and may not be live yet (code-server's watcher starts asynchronously):
    // the new CSV is written again every 3 s until a change event reaches the extension; the spec is never edited.
    const fourFeatures = 'f1,f2,f3,f4,label\n1,2,3,4,a\n2,3,4,5,b\n3,4,5,6,a\n4,5,6,7,b\n';
    writeFileSync(csv, fourFeatures);
    const rewrite = setInterval(() => writeFileSync(csv, fourFeatures), 3000);
    try {
      await waitFor(() => !byCode(document.uri, 'input-units-mismatch'), 20_000, 'the mismatch cleared by the new CSV on disk');
    } finally {
      clearInterval(rewrite);
    }
    assert.equal(document.isDirty, false, 'the spec was not edited');
  });

  it('a JSON syntax error is reported once: by VS Code\'s JSON service, the validator stays quiet for it', async () => {
    const document = await open('typo.nn.json');
    const all = () => vscode.languages.getDiagnostics(document.uri);
    await waitFor(() => all().length > 0, 20_000, 'the syntax error');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // both sources have validated by now
    const shown = all();
    assert.equal(shown.length, 1, shown.map((d) => `${d.source}: ${d.message} (line ${d.range.start.line + 1})`).join(' | '));
    assert.notEqual(shown[0].source, 'backprop-lens');
    assert.equal(shown[0].range.start.line, 4, 'at "data", where the comma is missing');
  });

  it('a CSV without a header row: the quick fix writes one into the file and sets the target', async () => {
    const document = await open('no-header.nn.json');
    const problem = await waitFor(() => specDiagnostics(document.uri).find((d) => /first row is all numbers/.test(d.message)), 15_000, 'the missing-header error');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, problem.range, vscode.CodeActionKind.QuickFix.value);
    const add = actions.find((a) => a.title.startsWith('Add the header row "x1,x2,x3,label"'));
    assert.ok(add?.command, `offered: ${actions.map((a) => a.title).join(' | ')}`);
    await vscode.commands.executeCommand(add.command.command, ...(add.command.arguments ?? []));
    const csv = readFileSync(join(fixturesDir(), 'data', 'no-header.csv'), 'utf8').split('\n');
    assert.equal(csv[0], 'x1,x2,x3,label');
    assert.equal(csv.length, 32, 'header + 30 rows + final newline');
    assert.match(document.getText(), /"target": "label"/);
    await waitFor(() => specDiagnostics(document.uri).length === 0 && true, 10_000, 'no problems left');
  });

  it('a data path leaving the workspace is an error on that path, naming the setting', async () => {
    const document = await open('outside.nn.json');
    const refusal = await waitFor(() => byCode(document.uri, 'data-outside-workspace'), 15_000, 'data-outside-workspace');
    assert.ok(refusal.range.isEqual(rangeOf(document, '"../../outside-data.csv"')));
    assert.match(refusal.message, /backpropLens\.allowDataOutsideWorkspace/);
  });

  it('its quick fix allows outside data (workspace setting); the refusal gives way to "file not found"', async () => {
    const document = await open('outside.nn.json');
    const refusal = await waitFor(() => byCode(document.uri, 'data-outside-workspace'), 15_000, 'data-outside-workspace');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, refusal.range, vscode.CodeActionKind.QuickFix.value);
    const allow = actions.find((a) => a.title.startsWith('Allow data files outside the workspace'));
    assert.ok(allow?.command, `offered: ${actions.map((a) => a.title).join(' | ')}`);
    try {
      await vscode.commands.executeCommand(allow.command.command, ...(allow.command.arguments ?? []));
      assert.equal(vscode.workspace.getConfiguration('backpropLens').get('allowDataOutsideWorkspace'), true);
      const missing = await waitFor(() => byCode(document.uri, 'data-file-missing'), 10_000, 'data-file-missing after allowing');
      assert.ok(missing.range.isEqual(refusal.range));
      assert.equal(byCode(document.uri, 'data-outside-workspace'), undefined);
    } finally {
      await vscode.workspace.getConfiguration('backpropLens').update('allowDataOutsideWorkspace', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
