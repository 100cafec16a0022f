// Saved runs in a real VS Code: Open Run… replays a finished run's folder in the monitor (record, frames for the step
// slider, no worker); Compare Runs… loads two folders with the spec diff; a broken folder is reported, nothing else changes.
import * as assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SessionManager } from '../../src/extension/session';
import type { MonitorStatsReport } from '../../src/extension/monitor';
import type { ComparedRun } from '../../src/protocol';
import { extensionApi, fixtureUri, fixturesDir, waitFor } from '../fixtures/integration-support';

let sessions: SessionManager;

/** Trains `name` to the end; resolves its run folder. */
async function trainedFolder(name: string): Promise<vscode.Uri> {
  const runId = await vscode.commands.executeCommand<string | undefined>('backpropLens.train', fixtureUri(name));
  assert.ok(runId, `${name} did not start`);
  const outcome = await sessions.current!.ended;
  assert.equal(outcome.state, 'finished', outcome.message ?? '');
  return vscode.Uri.parse(outcome.runFolder!);
}

const monitorStats = async (): Promise<MonitorStatsReport> => (await vscode.commands.executeCommand<MonitorStatsReport>('backpropLens.monitorStats'))!;
const tabTitles = (): string[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);

describe('saved runs', function () {
  this.timeout(90_000);
  let xorFolder: vscode.Uri;
  before(async () => {
    ({ sessions } = await extensionApi());
    xorFolder = await trainedFolder('xor.nn.json');
  });
  after(async () => { await vscode.commands.executeCommand('workbench.action.closeAllEditors'); });

  it('Open Run… shows a finished run in the monitor: savedRun, the record, epochs, the last frame; the webview draws it', async () => {
    const acksBefore = (await monitorStats()).totals.acks;
    const opened = await vscode.commands.executeCommand<string | undefined>('backpropLens.openRun', xorFolder);
    assert.equal(opened, xorFolder.toString());
    const state = sessions.getMonitorState();
    assert.equal(state.savedRun, xorFolder.toString());
    assert.equal(state.state, 'finished');
    assert.equal(state.record?.lastStep, 30, '100 samples / batch 10 × 3 epochs');
    assert.equal(state.epochs.length, 3);
    assert.equal(state.snapshot?.step, state.record!.frameSteps.at(-1));
    assert.ok(state.points && state.boundary, 'xor is 2-D: points and the boundary');
    await waitFor(() => tabTitles().includes('Backprop Lens: Training Monitor'), 10_000, 'the monitor tab');
    let stats = await monitorStats();
    for (const deadline = Date.now() + 45_000; !(stats.totals.acks > acksBefore && stats.totals.lastAck?.layers === 2); stats = await monitorStats()) {
      assert.ok(Date.now() < deadline, `the webview did not acknowledge the saved run: ${JSON.stringify(stats.totals)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(stats.totals.lastAck?.runState, 'finished');
  });

  it('the step slider of a saved run is answered from its frames (no worker)', async () => {
    await vscode.commands.executeCommand('backpropLens.openRun', xorFolder);
    const steps = sessions.getMonitorState().record!.frameSteps;
    assert.ok(steps.length > 1, `${steps.length} frames`);
    const frame = await sessions.monitorView.requestFrame(steps[1]);
    assert.equal(frame?.step, steps[1]);
    assert.equal((await sessions.monitorView.requestFrame(steps[1] + 0.5))?.step, steps[1], 'the frame at or before the step');
  });

  it('Explain with the final weights: a saved run and the ended current run are explained by a paused copy stepped from their models', async () => {
    await vscode.commands.executeCommand('backpropLens.openRun', xorFolder);
    const target = { layer: 1, unit: 0, column: 0, finalWeights: true as const };
    const saved = await sessions.monitorView.explain(target);
    assert.equal(saved.error, undefined, saved.error);
    assert.ok(saved.explanation && saved.training && saved.trace, 'the whole arithmetic and the diagram');
    assert.equal(saved.step, 31, 'one step after the 30 the run trained');
    assert.equal(saved.finalWeights, true);
    const without = await sessions.monitorView.explain({ layer: 1, unit: 0, column: 0 });
    assert.match(without.error ?? '', /saved run has no worker/, 'without finalWeights the sentence stays');
    await trainedFolder('xor.nn.json');
    const ended = await sessions.monitorView.explain(target);
    assert.equal(ended.error, undefined, ended.error);
    assert.equal(ended.explanation?.delta, saved.explanation.delta, 'the same spec, seed and data train the same final weights');
  });

  it('a broken run folder is reported and changes nothing; the next run replaces the saved run', async () => {
    await vscode.commands.executeCommand('backpropLens.openRun', xorFolder);
    const broken = vscode.Uri.file(`${xorFolder.fsPath}-broken`);
    cpSync(xorFolder.fsPath, broken.fsPath, { recursive: true });
    const record = readFileSync(join(broken.fsPath, 'record.bin'));
    writeFileSync(join(broken.fsPath, 'record.bin'), new Uint8Array(record.buffer, record.byteOffset, record.length >> 1));
    assert.equal(await vscode.commands.executeCommand('backpropLens.openRun', broken), undefined);
    assert.equal(sessions.getMonitorState().savedRun, xorFolder.toString(), 'still the run that opened');
    await trainedFolder('xor.nn.json');
    assert.equal(sessions.getMonitorState().savedRun, null, 'a new run is what the monitor shows');
  });

  it('Compare Runs… on two folders (Explorer multi-select) shows both runs oldest first, the newer with its spec diff', async () => {
    const relu = join(fixturesDir(), 'xor-relu.nn.json');
    writeFileSync(relu, readFileSync(join(fixturesDir(), 'xor.nn.json'), 'utf8').replace('"tanh"', '"relu"'));
    const reluFolder = await trainedFolder('xor-relu.nn.json');
    const runs = await vscode.commands.executeCommand<ComparedRun[] | undefined>('backpropLens.compareRuns', reluFolder, [reluFolder, xorFolder]);
    assert.ok(runs, 'compared');
    assert.deepEqual(runs.map((r) => r.folder), [xorFolder.toString(), reluFolder.toString()]);
    assert.deepEqual(runs.map((r) => r.specDiff), [[], ['layers[1].activation: tanh → relu']]);
    assert.ok(runs.every((r) => r.record.lastStep === 30 && r.record.layers.length === 2), 'both records');
    await waitFor(() => tabTitles().includes('Backprop Lens: Compare Runs'), 10_000, 'the compare tab');
  });
});
