// A paused copy of a run from a model (Explain with final weights, Run Gradient Check): one way to start it, one way to
// read how far the model had trained.
import * as assert from 'node:assert/strict';
import { startPausedCopy, trainedStepsOf } from '../../../src/extension/session/pausedCopy';
import type { RunOptions } from '../../../src/protocol';
import { scriptedHost, type ScriptedWorker } from './fixtures/scriptedWorker';

const SPEC = { specUri: 'file:///x.nn.json', specPath: '/tmp/x.nn.json', specText: '{"seed": 3}' };

describe('a paused copy of a run from a model', () => {
  it("starts one 'check' worker paused from the model, never snapshotting or checking by itself; other options kept", async () => {
    const workers: ScriptedWorker[] = [];
    const model = { trainedSteps: 40 };
    const options: RunOptions = { snapshotEvery: 10, gradCheckEachEpoch: true, includeWeightGradients: true };
    const copy = startPausedCopy(scriptedHost(workers), SPEC, options, model);
    assert.equal(copy.kind, 'check');
    assert.equal(copy.specUri, SPEC.specUri);
    assert.equal(workers.length, 1);
    const [start, ...rest] = workers[0].received;
    assert.deepEqual(rest, [], 'only the start message');
    assert.ok(start.type === 'start');
    assert.equal(start.specText, SPEC.specText);
    assert.equal(start.specPath, SPEC.specPath);
    assert.equal(start.initialModel, model);
    assert.deepEqual(start.options, { snapshotEvery: 1_000_000, gradCheckEachEpoch: false, includeWeightGradients: true, startPaused: true });
    copy.stop();
    await copy.ended;
  });

  it("reads the steps the model had trained from model.json's trainedSteps, undefined when it does not say", () => {
    assert.equal(trainedStepsOf({ trainedSteps: 40 }), 40);
    assert.equal(trainedStepsOf({ trainedSteps: 0 }), 0);
    assert.equal(trainedStepsOf({}), undefined);
    assert.equal(trainedStepsOf({ trainedSteps: '40' }), undefined);
    assert.equal(trainedStepsOf(null), undefined);
    assert.equal(trainedStepsOf(undefined), undefined);
  });
});
