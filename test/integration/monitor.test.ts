// The training monitor in a real VS Code: the panel opens, its webview says 'ready', draws the fullState and
// acknowledges it; during a run it receives coalesced batches with Float32Array payloads, at most 20 posts a second.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SessionManager } from '../../src/extension/session';
import type { MonitorStatsReport } from '../../src/extension/monitor';
import { extensionApi, fixtureUri, waitFor } from '../fixtures/integration-support';

const STATS_COMMAND = 'backpropLens.monitorStats';

const monitorStats = async (options?: { resetEventLoop: boolean }): Promise<MonitorStatsReport> =>
  (await vscode.commands.executeCommand<MonitorStatsReport>(STATS_COMMAND, options))!;

/** Polls the monitor's counters until `accept` holds. */
async function statsUntil(accept: (s: MonitorStatsReport) => boolean, timeoutMs: number, what: string): Promise<MonitorStatsReport> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stats = await monitorStats();
    if (accept(stats)) return stats;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${JSON.stringify(stats)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const monitorTabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
  .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('backpropLens.monitor'));

describe('training monitor', function () {
  this.timeout(90_000);
  let sessions: SessionManager;
  before(async () => { ({ sessions } = await extensionApi()); });
  after(async () => {
    await sessions.stopActive();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("Open Training Monitor creates one panel whose webview posts 'ready' and draws the fullState it gets", async () => {
    const before = (await monitorStats()).totals;
    await vscode.commands.executeCommand('backpropLens.openMonitor');
    await waitFor(() => monitorTabs().length === 1, 10_000, 'the monitor tab');
    assert.equal(monitorTabs()[0].label, 'Backprop Lens: Training Monitor');
    const after = await statsUntil((s) => s.totals.acks > before.acks, 45_000, 'the webview to acknowledge a fullState');
    assert.ok(after.panelOpen && after.panelLive, 'the panel is open and has said ready');
    assert.ok(after.totals.fullStates > before.fullStates, 'a fullState was posted');
    assert.equal(after.totals.lastAck?.runState, sessions.getMonitorState().state);
    await vscode.commands.executeCommand('backpropLens.openMonitor');
    assert.equal(monitorTabs().length, 1, 'a second Open reveals the same panel');
  });

  it('streams a run to the open panel in coalesced batches (≤ 20 posts a second) with typed-array payloads', async () => {
    const runId = await vscode.commands.executeCommand<string | undefined>('backpropLens.train', fixtureUri('long.nn.json'));
    assert.ok(runId, 'long.nn.json started');
    const session = sessions.current!;
    await waitFor(() => session.state === 'running' && (session.getMonitorState().losses.at(-1)?.step ?? 0) > 20, 15_000, 'running');
    await monitorStats({ resetEventLoop: true }); // a fresh interval for posts and event-loop delay
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const sample = await monitorStats();
    console.log(`      measured: ${sample.postsPerSecond} posts/s, ${sample.typedArrayBytes} typed-array bytes in ${sample.intervalMs} ms, postMessage ${sample.postMs.total} ms in all (longest ${sample.postMs.max} ms), event-loop delay p50 ${sample.eventLoopDelayMs.p50} ms, p99 ${sample.eventLoopDelayMs.p99} ms, max ${sample.eventLoopDelayMs.max} ms`);
    assert.ok(sample.posts > 0, 'the run reached the webview');
    assert.ok(sample.postsPerSecond <= 20.5, `${sample.postsPerSecond} posts per second`);
    assert.ok(sample.typedArrayBytes > 0, 'δ snapshots travel as Float32Array');
    assert.ok(sample.totals.errors.length === 0, sample.totals.errors.join('\n'));
    // Reopened mid-run, the panel gets a fullState whose δ matrices arrive as Float32Array (binary, not JSON objects).
    const acks = sample.totals.acks;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => monitorTabs().length === 0, 10_000, 'the panel to close');
    await vscode.commands.executeCommand('backpropLens.openMonitor');
    const reopened = await statsUntil((s) => s.totals.acks > acks, 45_000, 'the reopened panel to acknowledge its fullState');
    assert.equal(reopened.totals.lastAck?.float32, true);
    assert.ok((reopened.totals.lastAck?.lossPoints ?? 0) > 20, 'the reopened panel shows the run so far');
    await sessions.stopActive();
  });
});
