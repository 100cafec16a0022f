// The extension activates, contributes the commands of the issue with their titles, and registers each of them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, extensionApi } from '../fixtures/integration-support';

const EXPECTED: Record<string, string> = {
  'backpropLens.newSpec': 'New Network Spec…',
  'backpropLens.train': 'Train Network',
  'backpropLens.continueTraining': 'Continue Training from a Saved Model…',
  'backpropLens.stop': 'Stop Training',
  'backpropLens.pauseResume': 'Pause / Resume Training',
  'backpropLens.step': 'Step One Mini-batch',
  'backpropLens.gradientCheck': 'Run Gradient Check',
  'backpropLens.openMonitor': 'Open Training Monitor',
  'backpropLens.exportModel': 'Export Trained Model…',
  'backpropLens.revealRunFolder': 'Reveal Run Folder',
  'backpropLens.openRun': 'Open Run…',
  'backpropLens.compareRuns': 'Compare Runs…',
  'backpropLens.explainLayer': 'Explain Layer',
  'backpropLens.watchPytorchRun': 'Watch a PyTorch Run…',
};

describe('commands', () => {
  before(async () => { await extensionApi(); });

  it('contributes every command with category "Backprop Lens" and the expected title', () => {
    const contributed = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as { command: string; title: string; category: string }[];
    assert.deepEqual(Object.fromEntries(contributed.map((c) => [c.command, c.title])), EXPECTED);
    assert.ok(contributed.every((c) => c.category === 'Backprop Lens'));
  });

  it('hides Explain Layer (the link in a spec hover, which needs a layer) from the command palette', () => {
    const palette = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.menus.commandPalette as { command: string; when?: string }[];
    assert.deepEqual(palette.filter((m) => m.command === 'backpropLens.explainLayer'), [{ command: 'backpropLens.explainLayer', when: 'false' }]);
  });

  it('registers every contributed command', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = Object.keys(EXPECTED).filter((id) => !registered.has(id));
    assert.deepEqual(missing, []);
  });

  it('maps *.nn.json to JSON with comments and validates it against the schema', () => {
    const contributes = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes;
    assert.deepEqual(contributes.jsonValidation, [{ fileMatch: '*.nn.json', url: './schemas/nnspec.editor.schema.json' }]);
    assert.deepEqual(contributes.languages, [{ id: 'jsonc', filenamePatterns: ['*.nn.json'] }]);
  });
});
