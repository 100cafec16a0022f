// Reliability in a real extension host: the memory budget setting refuses an oversized network with the figure, a
// diverged run carries its gradient-check diagnosis, a run survives its monitor being closed, and 20 start/stop
// cycles leave no worker port behind.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RunSession, SessionManager } from '../../src/extension/session';
import { extensionApi, fixtureUri, fixturesDir, waitFor } from '../fixtures/integration-support';

let sessions: SessionManager;

async function train(uri: vscode.Uri): Promise<RunSession> {
  const runId = await vscode.commands.executeCommand<string | undefined>('backpropLens.train', uri);
  assert.ok(runId, `${uri.path} did not start`);
  return sessions.current!;
}

/** A spec file in the fixtures folder: xor with the given hidden sizes. */
function wideSpec(name: string, hidden: number[]): vscode.Uri {
  const path = join(fixturesDir(), name);
  writeFileSync(path, JSON.stringify({
    name, seed: 1, data: { builtin: 'xor', samples: 40 },
    layers: [{ units: 2 }, ...hidden.map((units) => ({ units, activation: 'tanh' })), { units: 2, activation: 'softmax' }],
    loss: 'cross_entropy', optimizer: { type: 'sgd', learningRate: 0.1 }, training: { epochs: 1, batchSize: 4 },
  }, null, 2));
  return vscode.Uri.file(path);
}

/** Active MessagePorts in this extension host (each worker thread holds one). */
function messagePorts(): number {
  return (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo().filter((t) => t === 'MessagePort').length;
}

describe('reliability', function () {
  this.timeout(120_000);
  before(async () => { ({ sessions } = await extensionApi()); });
  afterEach(async () => { await sessions.stopActive(); });

  it('refuses a network over backpropLens.memoryBudgetMB with the figure, and the next run still works', async () => {
    const config = vscode.workspace.getConfiguration('backpropLens');
    await config.update('memoryBudgetMB', 32, vscode.ConfigurationTarget.Workspace);
    try {
      const outcome = await (await train(wideSpec('wide.nn.json', [2000, 2000]))).ended;
      assert.equal(outcome.state, 'failed');
      assert.match(outcome.message ?? '', /over the memory budget: the network would need about \d+\.\d MiB .*over the memory budget of 32\.0 MiB.*backpropLens\.memoryBudgetMB/);
    } finally {
      await config.update('memoryBudgetMB', undefined, vscode.ConfigurationTarget.Workspace);
    }
    assert.equal((await (await train(fixtureUri('xor.nn.json'))).ended).state, 'finished');
  });

  it('a diverged run says whether the gradients are right, and the check it ran reaches the monitor state', async () => {
    const session = await train(fixtureUri('explode.nn.json'));
    const outcome = await session.ended;
    assert.equal(outcome.state, 'failed');
    assert.match(outcome.message ?? '', /at step \d+ .*Diagnosis: .*(gradients are correct[:;] .*the learning rate \(1000000\) is too high|a derivative is wrong)/);
    assert.ok(session.getMonitorState().gradChecks.length >= 1, 'the diagnosis gradient check is in the monitor state');
  });

  it('a run survives its monitor being closed: it keeps training and is saved when stopped', async () => {
    const session = await train(fixtureUri('long.nn.json'));
    await vscode.commands.executeCommand('backpropLens.openMonitor');
    await waitFor(() => (session.getMonitorState().losses.at(-1)?.step ?? 0) > 20, 10_000, 'training');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const stepAtClose = session.getMonitorState().losses.at(-1)!.step;
    await waitFor(() => session.getMonitorState().losses.at(-1)!.step > stepAtClose + 50, 10_000, 'training after the monitor closed');
    assert.equal(session.state, 'running');
    await vscode.commands.executeCommand('backpropLens.stop');
    const outcome = await session.ended;
    assert.equal(outcome.state, 'stopped');
    assert.ok(outcome.runFolder, 'the stopped run was saved');
  });

  it('20 start/stop cycles leave no worker port behind', async () => {
    const before = messagePorts();
    for (let i = 0; i < 20; i++) {
      const session = await train(fixtureUri('long.nn.json'));
      await waitFor(() => session.state === 'running', 10_000, 'running');
      await vscode.commands.executeCommand('backpropLens.stop');
      await session.ended;
    }
    await waitFor(() => messagePorts() <= before, 5000, `message ports back to ${before} (now ${messagePorts()})`);
  });
});
