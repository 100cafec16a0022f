// PyTorch runs in a real VS Code: a Python process trains a small MLP with backprop_lens.watch into the workspace's
// runs/ folder; the monitor follows the growing folder (opened by the lens.json appearing), Pause and Stop reach the
// script through control.json, and the ended run opens with Open Run…. Skipped, with the reason printed, without torch.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SessionManager } from '../../src/extension/session';
import type { ComparedRun } from '../../src/protocol';
import { EXTENSION_ID, extensionApi, waitFor, workspaceDir } from '../fixtures/integration-support';

const PYTHON = '/usr/bin/python3';
let sessions: SessionManager;

/** null when PYTHON imports torch, else why not. */
function torchMissing(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8', timeout: 120_000 });
  return r.status === 0 ? null : `${PYTHON} cannot import torch (${(r.error?.message ?? r.stderr.trim().split('\n').pop()) || `exit ${r.status}`})`;
}

/** Starts test/fixtures/pytorch/lens_follow.py writing `steps` steps, `sleep` s apart, into <workspace>/runs/<name>. */
function trainInPython(name: string, steps: number, sleep: number): { child: ChildProcess; folder: string; exited: Promise<number | null>; output: () => string } {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
  const folder = join(workspaceDir(), 'runs', name);
  let output = '';
  const child = spawn(PYTHON, [join(extension, 'test/fixtures/pytorch/lens_follow.py'), join(extension, 'python'), folder, String(steps), String(sleep)], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, folder, exited, output: () => output };
}

const shown = () => sessions.getMonitorState();
const lastStep = (): number => shown().record?.lastStep ?? 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PyTorch runs (Watch a PyTorch Run…)', function () {
  this.timeout(180_000);
  const children: ChildProcess[] = [];
  before(async function () {
    const missing = torchMissing();
    if (missing) {
      console.log(`      skipped: ${missing}; install Debian's python3-torch`);
      this.skip();
    }
    ({ sessions } = await extensionApi());
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('The extension follows a growing folder in the integration suite: opened by its lens.json, steps grow, Pause lands, Stop ends the script, Open Run reads it', async () => {
    const run = trainInPython(`follow-${Date.now()}`, 100_000, 0.02);
    children.push(run.child);
    const folderUri = vscode.Uri.file(run.folder).toString();
    await waitFor(() => shown().info?.source === 'pytorch' && shown().info?.name.startsWith('follow-'), 30_000, `the monitor following ${run.folder} (${run.output()})`);
    assert.equal(sessions.followedPytorchRun?.folder.toString(), folderUri, 'the new run folder is followed');
    const first = await waitFor(() => lastStep() > 0 && lastStep(), 20_000, 'a first step in the monitor');
    await waitFor(() => lastStep() > first, 20_000, `more steps than ${first}`);
    assert.equal(shown().record!.layers.length, 2);
    assert.ok(shown().losses.length > 0 && shown().normHistory.length > 0, 'loss and ‖δ^l‖ history');
    assert.ok(shown().snapshot && shown().snapshot!.layers[0].batchSize > 0, 'a δ frame as the snapshot');

    await sessions.monitorView.control('pause');
    assert.equal(shown().message, 'pause requested…');
    await waitFor(() => shown().state === 'paused', 20_000, 'the script acknowledging Pause');
    const ack = JSON.parse(readFileSync(join(run.folder, 'control-ack.json'), 'utf8')) as { state: string; step: number };
    assert.equal(ack.state, 'paused');
    assert.equal(shown().message, `paused at step ${ack.step}`);
    await sleep(1500);
    assert.equal(lastStep(), ack.step, 'no step while paused');
    assert.match((await sessions.monitorView.explain({ layer: 1, unit: 0, column: 0 })).error ?? '', /^This run came from PyTorch: Explain needs the engine's own weights\.$/);

    await vscode.commands.executeCommand('backpropLens.stop'); // the palette's Stop reaches the followed script
    assert.equal(await Promise.race([run.exited, sleep(20_000).then(() => 'still running')]), 0, run.output());
    await waitFor(() => shown().savedRun === folderUri, 10_000, 'the ended run shown as a saved run');
    assert.equal(shown().state, 'stopped');
    const steps = lastStep();

    await vscode.commands.executeCommand('backpropLens.openRun', vscode.Uri.file(run.folder));
    assert.equal(shown().savedRun, folderUri);
    assert.equal(shown().info?.source, 'pytorch');
    assert.equal(shown().record?.lastStep, steps, 'Open Run reads every step');
    assert.ok(shown().record!.frameSteps.length > 0, 'frames for the step slider');
  });

  it('a script that ends by itself is a finished saved run; Watch a PyTorch Run… and Compare Runs… read it', async () => {
    const runs = [trainInPython(`short-${Date.now()}`, 12, 0), trainInPython(`short2-${Date.now()}`, 8, 0)];
    children.push(...runs.map((r) => r.child));
    for (const run of runs) assert.equal(await run.exited, 0, run.output());
    assert.ok(existsSync(join(runs[0].folder, 'record.jsonl')));
    const opened = await vscode.commands.executeCommand<string | undefined>('backpropLens.watchPytorchRun', vscode.Uri.file(runs[0].folder));
    assert.equal(opened, vscode.Uri.file(runs[0].folder).toString());
    assert.equal(shown().state, 'finished');
    assert.equal(shown().record?.lastStep, 12);
    const compared = await vscode.commands.executeCommand<ComparedRun[] | undefined>('backpropLens.compareRuns', runs.map((r) => vscode.Uri.file(r.folder)));
    assert.deepEqual(compared?.map((r) => r.record.lastStep).sort(), [12, 8].sort());
  });

  it('a script killed mid-run (no end line) is said to be quiet, not shown running on as if alive', async () => {
    const run = trainInPython(`killed-${Date.now()}`, 100_000, 0.02);
    children.push(run.child);
    await waitFor(() => existsSync(join(run.folder, 'lens.json')), 30_000, `${run.folder}/lens.json (${run.output()})`);
    await vscode.commands.executeCommand('backpropLens.watchPytorchRun', vscode.Uri.file(run.folder));
    await waitFor(() => shown().info?.name.startsWith('killed-') && lastStep() > 0, 30_000, `a first step of ${run.folder} (${run.output()})`);
    sessions.followedPytorchRun!.quietAfterMs = 1500;
    assert.equal(shown().message ?? null, null, 'a live script is not quiet');
    run.child.kill('SIGKILL');
    await run.exited;
    await waitFor(() => /^no new step for \d+ s: .*killed\?\)$/.test(shown().message ?? ''), 10_000, `the quiet status (${shown().message})`);
    assert.equal(shown().state, 'running', 'no end line: the extension cannot know it ended, and says so in words');
  });
});
