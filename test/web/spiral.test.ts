// The spiral example in the web-worker extension host: trained to its accuracy, shown in the monitor, checked,
// explained and exported to ONNX, every file through vscode.workspace.fs.
import { onnx as onnxProto } from 'onnx-proto';
import * as vscode from 'vscode';
import type { MonitorStatsReport } from '../../src/extension/monitor';
import type { RunOutcome, SessionManager } from '../../src/extension/session';
import type { EpochMetrics, GradCheckResult } from '../../src/protocol';
import { equal, ok } from './assert';
import { extensionApi, readText, waitFor, workspaceUri } from './support';

const monitorStats = async (): Promise<MonitorStatsReport> => (await vscode.commands.executeCommand<MonitorStatsReport>('backpropLens.monitorStats'))!;

describe('the spiral example in the browser', function () {
  this.timeout(180_000);
  const spec = () => workspaceUri('spiral.nn.json');
  let sessions: SessionManager;
  let outcome: RunOutcome | undefined;
  after(async () => {
    await sessions?.stopActive();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** The spiral run's folder (trains it first when an earlier test did not). */
  async function runFolder(): Promise<vscode.Uri> {
    ({ sessions } = await extensionApi()); // in each test, so each fails with the reason when the extension's code does not run here
    if (!outcome) {
      await vscode.commands.executeCommand('backpropLens.train', spec());
      outcome = await sessions.current!.ended;
    }
    ok(outcome.runFolder, `a run folder (the run ${outcome.state}: ${outcome.message})`);
    return vscode.Uri.parse(outcome.runFolder);
  }

  it('runs a gradient check of the spec at initialisation (before any run) that passes for every layer', async () => {
    await extensionApi();
    const result = await vscode.commands.executeCommand<GradCheckResult>('backpropLens.gradientCheck', spec());
    ok(result, 'a gradient-check result');
    equal(result.step, 0, 'the initial weights');
    equal(result.layers.length, 3);
    ok(result.passed, `culprit layer ${result.culpritLayer}: ${JSON.stringify(result.layers)}`);
  });

  it('trains 1000 epochs on the fast trainer, 1 thread (browser), to ≥ 90 % test accuracy and writes the run folder', async () => {
    ({ sessions } = await extensionApi());
    const runId = await vscode.commands.executeCommand<string | undefined>('backpropLens.train', spec());
    ok(runId, 'spiral.nn.json did not start');
    const info = await waitFor(() => sessions.current?.getMonitorState().info, 30_000, 'the run to start');
    equal(`${info.trainer} ${info.threads} ${info.threadsLimit}`, 'fast 1 browser', 'the WebAssembly trainer, one thread (no SharedArrayBuffer)');
    outcome = await sessions.current!.ended;
    equal(outcome.state, 'finished', outcome.message ?? '');
    ok(outcome.runFolder, 'a run folder');
    const metrics = JSON.parse(await readText(vscode.Uri.joinPath(await runFolder(), 'metrics.json')));
    const epochs = metrics.epochs as EpochMetrics[];
    const last = epochs.at(-1)!;
    console.log(`      spiral: epoch ${last.epoch}, accuracy ${last.accuracy}, test accuracy ${last.testAccuracy}, best test accuracy ${Math.max(...epochs.map((e) => e.testAccuracy ?? 0))}`);
    equal(last.epoch, 1000);
    ok(Math.max(...epochs.map((e) => e.testAccuracy ?? 0)) >= 0.9, 'test accuracy reached 90 % at some epoch');
    ok((last.accuracy ?? 0) >= 0.85 && (last.testAccuracy ?? 0) >= 0.8, `final accuracy ${last.accuracy}, test ${last.testAccuracy}`);
  });

  it("Open Training Monitor opens the panel, whose webview acknowledges the run's fullState", async () => {
    await runFolder();
    const before = (await monitorStats()).totals.acks;
    await vscode.commands.executeCommand('backpropLens.openMonitor');
    const after = await waitFor(async () => {
      const stats = await monitorStats();
      return stats.totals.acks > before && stats;
    }, 60_000, 'the monitor webview to acknowledge a fullState');
    ok(after.panelOpen && after.panelLive, 'the panel is open and has said ready');
    equal(after.totals.lastAck?.runState, 'finished');
    equal(after.totals.lastAck?.layers, 3, 'the webview drew three layers');
  });

  it('explains one δ cell with the final weights: a = tanh z, BP2 for a hidden unit, BP3 ∂E/∂b = δ', async () => {
    await runFolder();
    const answer = await sessions.monitorView.explain({ layer: 1, unit: 0, column: 0, finalWeights: true });
    equal(answer.error, undefined);
    const cell = answer.explanation;
    ok(cell, 'the arithmetic of the cell');
    ok(Math.abs(cell.a - Math.tanh(cell.z)) < 1e-9, `a = ${cell.a}, tanh z = ${Math.tanh(cell.z)}`);
    ok(cell.hidden && !cell.output, 'layer 1 of 3 is hidden: BP2');
    equal(cell.db, cell.delta, 'BP3');
    equal(cell.dW.length, 2, 'one ∂E/∂W per input');
  });

  it("exports the run's model as ONNX into the workspace, holding the trained W1", async () => {
    const folder = await runFolder();
    const target = workspaceUri('spiral.onnx');
    const written = await vscode.commands.executeCommand<vscode.Uri>('backpropLens.exportModel', target, 'onnx');
    equal(written?.toString(), target.toString());
    const graph = onnxProto.ModelProto.decode(await vscode.workspace.fs.readFile(target)).graph!;
    const model = JSON.parse(await readText(vscode.Uri.joinPath(folder, 'model.json')));
    const w1 = graph.initializer!.find((t) => t.name === 'W1');
    ok(w1, 'an initializer W1');
    equal(JSON.stringify(w1.floatData), JSON.stringify((model.layers[1].weights as number[][]).flat().map(Math.fround)), 'W1 is the trained one');
  });
});
