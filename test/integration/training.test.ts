// Training by command in a real extension host: a run folder per run, pause/step/resume/stop, gradient checks, failures.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onnx as onnxProto } from 'onnx-proto';
import * as vscode from 'vscode';
import type { RunSession, SessionManager } from '../../src/extension/session';
import type { GradCheckResult } from '../../src/protocol';
import { savedModels } from '../../src/extension/commands/continueTraining';
import { chooseHostPlatform } from '../../src/extension/platform';
import { nodeHostPlatform } from '../../src/extension/nodeHost';
import { parametersFromModelJson } from '../../src/engine/model/model';
import { checkGradients, prepareRun } from '../../src/engine/train/run';
import { gradCheckMessage } from '../../src/worker/messages';
import { extensionApi, fixtureUri, fixturesDir, waitFor, workspaceDir } from '../fixtures/integration-support';

let sessions: SessionManager;

/** Starts `name` with the Train command; returns its session. */
async function train(name: string): Promise<RunSession> {
  const runId = await vscode.commands.executeCommand<string | undefined>('backpropLens.train', fixtureUri(name));
  assert.ok(runId, `${name} did not start`);
  assert.equal(sessions.current?.runId, runId);
  return sessions.current!;
}

const lastStep = (session: RunSession) => session.getMonitorState().losses.at(-1)?.step ?? 0;

describe('training', function () {
  this.timeout(60_000);
  before(async () => { ({ sessions } = await extensionApi()); });
  afterEach(async () => { await sessions.stopActive(); });

  it('trains the tiny xor spec to the end and writes a run folder with model.json and metrics.json', async () => {
    const session = await train('xor.nn.json');
    const outcome = await session.ended;
    assert.equal(outcome.state, 'finished', outcome.message ?? '');
    const folder = vscode.Uri.parse(outcome.runFolder!).fsPath;
    assert.ok(folder.startsWith(join(workspaceDir(), '.backprop-lens', 'runs', 'xor-')), folder);
    assert.deepEqual(readdirSync(folder).sort(), ['metrics.json', 'model.json', 'record.bin', 'spec.json']);
    const model = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8'));
    assert.equal(model.format, 'backprop-lens/model@1');
    assert.deepEqual(model.layers.map((l: { units: number }) => l.units), [2, 6, 1]);
    const metrics = JSON.parse(readFileSync(join(folder, 'metrics.json'), 'utf8'));
    assert.equal(metrics.state, 'finished');
    assert.equal(metrics.epochs.length, 3);
  });

  it('a second run of the same spec gets its own folder (nothing is overwritten)', async () => {
    const first = await (await train('xor.nn.json')).ended;
    const second = await (await train('xor.nn.json')).ended;
    assert.notEqual(first.runFolder, second.runFolder);
    assert.ok(existsSync(join(vscode.Uri.parse(first.runFolder!).fsPath, 'model.json')));
  });

  // How fast each lands (pause-to-paused p50/p95) is measured by `npm run bench:monitor`, not asserted here.
  it('pauses, steps exactly one mini-batch, resumes and stops via commands, in that order', async () => {
    const session = await train('long.nn.json');
    await waitFor(() => session.state === 'running' && lastStep(session) > 20, 30_000, 'running');
    await vscode.commands.executeCommand('backpropLens.pauseResume');
    await waitFor(() => session.state === 'paused', 30_000, 'paused');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stepAtPause = lastStep(session);
    await vscode.commands.executeCommand('backpropLens.step');
    await waitFor(() => lastStep(session) === stepAtPause + 1, 30_000, 'one step');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(lastStep(session), stepAtPause + 1, 'exactly one mini-batch while paused');
    await vscode.commands.executeCommand('backpropLens.pauseResume');
    await waitFor(() => lastStep(session) > stepAtPause + 10, 30_000, 'training again');
    await vscode.commands.executeCommand('backpropLens.stop');
    const outcome = await session.ended;
    assert.equal(outcome.state, 'stopped');
    assert.doesNotMatch(outcome.message ?? '', /did not stop in time/, 'the worker answered stop itself');
    assert.ok(existsSync(join(vscode.Uri.parse(outcome.runFolder!).fsPath, 'model.json')), 'a stopped run keeps its model');
  });

  it('runs a gradient check on the spec at initialisation, and on the current weights of a paused run', async () => {
    const initial = await vscode.commands.executeCommand<GradCheckResult>('backpropLens.gradientCheck', fixtureUri('xor.nn.json'));
    assert.ok(initial, 'a result');
    assert.equal(initial.step, 0);
    assert.equal(initial.passed, true);
    assert.equal(initial.layers.length, 2);

    const session = await train('long.nn.json');
    await waitFor(() => lastStep(session) > 50, 10_000, 'some training');
    await vscode.commands.executeCommand('backpropLens.pauseResume');
    await waitFor(() => session.state === 'paused', 2000, 'paused');
    const live = await vscode.commands.executeCommand<GradCheckResult>('backpropLens.gradientCheck');
    assert.equal(live.step, lastStep(session), 'checked at the paused step');
    const viaEditorButton = await vscode.commands.executeCommand<GradCheckResult>('backpropLens.gradientCheck', fixtureUri('long.nn.json'));
    assert.equal(viaEditorButton.step, lastStep(session), 'the running spec\'s own button checks the live weights too');
    assert.ok(live.layers.every((l) => l.weights.maxRelError < 1e-2), JSON.stringify(live.layers.map((l) => l.weights.maxRelError)));
  });

  it('checks a finished run\'s final weights and puts the check in that run\'s monitor state', async () => {
    const session = await train('xor.nn.json');
    assert.equal((await session.ended).state, 'finished');
    const folder = vscode.Uri.parse(session.runFolder!).fsPath;
    const finalModel = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8'));
    await vscode.window.showTextDocument(fixtureUri('xor.nn.json')); // as from the palette with the spec open
    const result = await vscode.commands.executeCommand<GradCheckResult>('backpropLens.gradientCheck');
    assert.ok(result, 'a result');
    assert.equal(result.step, finalModel.trainedSteps, 'checked at the run\'s last step');
    const specText = readFileSync(fixtureUri('xor.nn.json').fsPath, 'utf8');
    const { spec, dataset } = prepareRun(specText, () => { throw new Error('xor reads no file'); }, { savedNormalization: finalModel.normalization });
    const expected = gradCheckMessage(checkGradients(spec, dataset, parametersFromModelJson(finalModel)), finalModel.trainedSteps);
    assert.deepEqual(result, expected, 'the check of the final weights');
    assert.deepEqual(session.getMonitorState().gradChecks.at(-1), expected, 'the finished run\'s monitor state holds it');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sessions.control('gradcheck'); // the monitor's button
    assert.deepEqual(session.getMonitorState().gradChecks.slice(-2), [expected, expected], 'the button checks the final weights too');
  });

  it('an invalid spec does not start: no run, diagnostics shown', async () => {
    const before = sessions.current;
    const runId = await vscode.commands.executeCommand<string | undefined>('backpropLens.train', fixtureUri('invalid.nn.json'));
    assert.equal(runId, undefined);
    assert.equal(sessions.current, before);
    await waitFor(() => vscode.languages.getDiagnostics(fixtureUri('invalid.nn.json')).length >= 2, 5000, 'diagnostics on the invalid spec');
  });

  it('a run whose loss explodes stops with the step and layer, and the next run still works', async () => {
    const failed = await (await train('explode.nn.json')).ended;
    assert.equal(failed.state, 'failed');
    assert.ok(failed.nonFinite && failed.nonFinite.step > 0 && failed.nonFinite.layer !== null, JSON.stringify(failed));
    assert.match(failed.message!, new RegExp(`step ${failed.nonFinite!.step}\\b.*layer ${failed.nonFinite!.layer}`));
    const next = await (await train('xor.nn.json')).ended;
    assert.equal(next.state, 'finished');
  });

  it('a crashed worker fails the run with one message, and the next run still works', async () => {
    const session = await train('long.nn.json');
    await waitFor(() => lastStep(session) > 5, 10_000, 'training');
    // Simulate a crash: end the worker thread from outside, as an out-of-memory kill would.
    await (session as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    const outcome = await session.ended;
    assert.equal(outcome.state, 'failed');
    assert.match(outcome.message!, /worker exited unexpectedly/);
    const next = await (await train('xor.nn.json')).ended;
    assert.equal(next.state, 'finished');
  });

  it('Continue Training from a Saved Model… starts from a run\'s model.json, and refuses a model of other shapes', async () => {
    const first = await (await train('xor.nn.json')).ended;
    const firstModel = vscode.Uri.joinPath(vscode.Uri.parse(first.runFolder!), 'model.json');
    const runId = await vscode.commands.executeCommand<string | undefined>('backpropLens.continueTraining', fixtureUri('xor.nn.json'), firstModel);
    assert.equal(sessions.current?.runId, runId);
    const continued = await sessions.current!.ended;
    assert.equal(continued.state, 'finished', continued.message ?? '');
    const epochOne = (outcome: typeof first) => JSON.parse(readFileSync(join(vscode.Uri.parse(outcome.runFolder!).fsPath, 'metrics.json'), 'utf8')).epochs[0].loss;
    // Same seed: a run that ignored the model would repeat the first run's epoch 1 exactly.
    assert.ok(epochOne(continued) < epochOne(first), `epoch 1 loss ${epochOne(continued)} (continued) vs ${epochOne(first)} (from scratch)`);
    await sessions.control('restart');
    const restarted = await sessions.current!.ended;
    assert.equal(epochOne(restarted), epochOne(continued), 'Restart starts again from the same model with the same seed');
    chooseHostPlatform(nodeHostPlatform('unused: no worker is started here')); // this bundle's own copy of the module, as the entry chooses it
    const models = (await savedModels(fixtureUri('xor.nn.json'))).map((uri) => uri.toString());
    assert.equal(models[0], vscode.Uri.joinPath(vscode.Uri.parse(restarted.runFolder!), 'model.json').toString(), 'newest run first');
    assert.ok(models.includes(firstModel.toString()));

    await vscode.commands.executeCommand('backpropLens.continueTraining', fixtureUri('long.nn.json'), firstModel);
    const refused = await sessions.current!.ended;
    assert.equal(refused.state, 'failed');
    assert.match(refused.message!, /layer 1: the model has 6×2 weights, the spec 12×2/);
  });

  it('exports the last run\'s model to a chosen file', async () => {
    await (await train('xor.nn.json')).ended;
    const target = vscode.Uri.file(join(workspaceDir(), 'exported.model.json'));
    const written = await vscode.commands.executeCommand<vscode.Uri>('backpropLens.exportModel', target);
    assert.equal(written?.fsPath, target.fsPath);
    assert.equal(JSON.parse(readFileSync(target.fsPath, 'utf8')).format, 'backprop-lens/model@1');
  });

  it('exports the last run\'s model as ONNX and as a PyTorch project starting from its weights', async () => {
    await (await train('xor.nn.json')).ended;
    const onnx = vscode.Uri.file(join(workspaceDir(), 'exported.onnx'));
    assert.equal((await vscode.commands.executeCommand<vscode.Uri>('backpropLens.exportModel', onnx, 'onnx'))?.fsPath, onnx.fsPath);
    const trained = JSON.parse(readFileSync(join(vscode.Uri.parse(sessions.current!.runFolder!).fsPath, 'model.json'), 'utf8'));
    const graph = onnxProto.ModelProto.decode(new Uint8Array(readFileSync(onnx.fsPath))).graph!;
    assert.deepEqual([graph.input![0].name, graph.output![0].name], ['features', 'probabilities']);
    const w1 = graph.initializer!.find((t) => t.name === 'W1')!;
    assert.deepEqual(w1.floatData, (trained.layers[1].weights as number[][]).flat().map(Math.fround), 'the ONNX graph holds the trained W1');
    const folder = vscode.Uri.file(join(workspaceDir(), 'xor-pytorch'));
    assert.equal((await vscode.commands.executeCommand<vscode.Uri>('backpropLens.exportModel', folder, 'pytorch'))?.fsPath, folder.fsPath);
    const init = JSON.parse(readFileSync(join(folder.fsPath, 'init-model.json'), 'utf8'));
    assert.deepEqual(init.layers, trained.layers, 'the project starts from the trained weights');
    assert.match(readFileSync(join(folder.fsPath, 'train.py'), 'utf8'), /DistributedDataParallel/);
    assert.match(readFileSync(join(folder.fsPath, 'data', 'train.csv'), 'utf8'), /^x1,x2,label\n/);
    assert.match(readFileSync(join(folder.fsPath, 'backprop_lens', 'lens.py'), 'utf8'), /def watch\(/, 'the lens package travels with the project');
    assert.match(readFileSync(join(folder.fsPath, 'train.py'), 'utf8'), /RUNS_DIR = "\.\.\/\.backprop-lens\/runs"/, 'train.py records into the workspace runs folder, seen from the project');
  });

  it('exports with the spec the run trained (its spec.json), not the spec file as edited since', async () => {
    const specUri = vscode.Uri.file(join(fixturesDir(), 'edited-after.nn.json'));
    const trainedText = readFileSync(fixtureUri('xor.nn.json').fsPath, 'utf8');
    writeFileSync(specUri.fsPath, trainedText);
    await (await train('edited-after.nn.json')).ended;
    const edited = trainedText.replace('"units": 6, "activation": "tanh"', '"units": 7, "activation": "relu"');
    assert.notEqual(edited, trainedText);
    writeFileSync(specUri.fsPath, edited);
    const folder = vscode.Uri.file(join(workspaceDir(), 'edited-after-pytorch'));
    assert.equal((await vscode.commands.executeCommand<vscode.Uri>('backpropLens.exportModel', folder, 'pytorch'))?.fsPath, folder.fsPath);
    assert.match(readFileSync(join(folder.fsPath, 'model.py'), 'utf8'), /LAYERS = \[\[6, "tanh"\], \[1, "sigmoid"\]\]/);
    const onnx = vscode.Uri.file(join(workspaceDir(), 'edited-after.onnx'));
    assert.equal((await vscode.commands.executeCommand<vscode.Uri>('backpropLens.exportModel', onnx, 'onnx'))?.fsPath, onnx.fsPath);
    const ops = onnxProto.ModelProto.decode(new Uint8Array(readFileSync(onnx.fsPath))).graph!.node!.map((n) => n.opType);
    assert.ok(ops.includes('Tanh') && !ops.includes('Relu'), ops.join(', '));
  });
});
