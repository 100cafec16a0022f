// The final-weights copy's idle timer runs only between answers: a copy whose data loads slowly answers its first
// request, and a copy nobody asks anything stops IDLE_MS after its last answer (a scripted worker, a manual clock).
import * as assert from 'node:assert/strict';
import { FinalWeightsExplainer, type FinalWeights } from '../../../src/extension/session/finalWeights';
import type { ExplainTarget, RunOptions } from '../../../src/protocol';
import { ManualTimers, scriptedHost, type ScriptedWorker } from './fixtures/scriptedWorker';

const OPTIONS: RunOptions = { snapshotEvery: 10, gradCheckEachEpoch: false, includeWeightGradients: false };
const WEIGHTS: FinalWeights = { key: 'run-1', specUri: 'file:///x.nn.json', specPath: '/tmp/x.nn.json', specText: '{}', model: { trainedSteps: 40 } };
const TARGET: ExplainTarget = { layer: 1, unit: 0, column: 0 };
const IDLE_MS = 1000;

describe('FinalWeightsExplainer: the idle timer', () => {
  let timers: ManualTimers, workers: ScriptedWorker[], explainer: FinalWeightsExplainer;
  beforeEach(() => {
    timers = new ManualTimers();
    workers = [];
    explainer = new FinalWeightsExplainer(scriptedHost(workers, timers), IDLE_MS);
  });
  afterEach(() => explainer.dispose());

  it('does not stop a copy while its first answer is pending (its data set loads slowly)', async () => {
    const answer = explainer.explain(WEIGHTS, TARGET, OPTIONS);
    timers.advance(10 * IDLE_MS);
    assert.equal(workers[0].stopped, false, 'the copy was stopped mid-request');
    workers[0].answer();
    assert.equal((await answer).step, 41, 'the answer came, its step counting on from the run');
  });

  it('stops the copy IDLE_MS after its last answer, not before', async () => {
    const first = explainer.explain(WEIGHTS, TARGET, OPTIONS);
    timers.advance(IDLE_MS / 2);
    workers[0].answer();
    await first;
    timers.advance(IDLE_MS - 1);
    assert.equal(workers[0].stopped, false, 'stopped before IDLE_MS had passed since the answer');
    timers.advance(1);
    assert.equal(workers[0].stopped, true, 'still running IDLE_MS after the answer');
  });

  it('a later request about the same run is served by the same copy and restarts the wait after its answer', async () => {
    const first = explainer.explain(WEIGHTS, TARGET, OPTIONS);
    workers[0].answer();
    await first;
    timers.advance(IDLE_MS - 1);
    const second = explainer.explain(WEIGHTS, TARGET, OPTIONS);
    timers.advance(10 * IDLE_MS);
    assert.equal(workers[0].stopped, false, 'stopped while the second request was pending');
    workers[0].answer();
    await second;
    assert.equal(workers.length, 1, 'one copy');
    timers.advance(IDLE_MS);
    assert.equal(workers[0].stopped, true);
  });
});
