// Explaining an ended run with its final weights: a paused copy of the run (a real worker) steps once from the model
// the run ended with and answers; the numbers are those of the final weights, the copy serves later requests too.
import * as assert from 'node:assert/strict';
import type { Worker } from 'node:worker_threads';
import { FinalWeightsExplainer, finalWeightsOf } from '../../../src/extension/session/finalWeights';
import { RunSession, type SessionHost, type WorkerLike } from '../../../src/extension/session/runSession';
import { explainTrainingSample } from '../../../src/engine/explain/requests';
import { parametersFromModelJson } from '../../../src/engine/model/model';
import { prepareRun } from '../../../src/engine/train/run';
import type { RunOptions } from '../../../src/protocol';
import { specText, startSourceWorker } from '../worker/helpers';

const OPTIONS: RunOptions = { snapshotEvery: 10, gradCheckEachEpoch: false, includeWeightGradients: false };

function host(workers: Worker[]): SessionHost {
  const quiet = () => undefined;
  return {
    createWorker: () => startSourceWorker(workers) as unknown as WorkerLike,
    log: { info: quiet, warn: quiet, error: quiet },
    saveRun: async () => 'memory://run/1',
    updateRate: () => 10,
  };
}

describe('FinalWeightsExplainer (real workers)', function () {
  this.timeout(60_000);
  let workers: Worker[];
  let explainer: FinalWeightsExplainer;
  beforeEach(() => { workers = []; explainer = new FinalWeightsExplainer(host(workers)); });
  afterEach(async () => {
    explainer.dispose();
    await Promise.all(workers.map((w) => w.terminate()));
  });

  /** A 5-epoch xor run trained to the end in a real worker. */
  async function endedRun(text = specText()): Promise<RunSession> {
    const run = new RunSession('file:///x.nn.json', '/tmp/x.nn.json', host(workers));
    run.start(text, OPTIONS);
    assert.equal((await run.ended).state, 'finished');
    return run;
  }

  it('offers no final weights while a run trains, and those of the model a finished run ended with', async () => {
    const run = new RunSession('file:///x.nn.json', '/tmp/x.nn.json', host(workers));
    run.start(specText({ training: { epochs: 100000, batchSize: 8 } }), OPTIONS);
    assert.equal(finalWeightsOf(run), undefined);
    run.stop();
    await run.ended;
    const weights = finalWeightsOf(run);
    assert.ok(weights && weights.model === run.finalModel && weights.specText === run.specText && weights.key === run.runId);
  });

  it('explains a δ cell with the final weights: the forward sum, BP1/BP2, the batch mean and update, the trace; step counts on', async () => {
    const run = await endedRun();
    const weights = finalWeightsOf(run)!;
    const answer = await explainer.explain(weights, { layer: 1, unit: 2, column: 3 }, OPTIONS);
    assert.equal(answer.error, undefined, answer.error);
    assert.equal(answer.finalWeights, true);
    const trained = (run.finalModel as { trainedSteps: number }).trainedSteps;
    assert.equal(trained, 5 * 25, '200 samples / batch 8 = 25 steps an epoch');
    assert.equal(answer.step, trained + 1, 'one more step than the run trained');
    assert.ok(answer.explanation && answer.training && answer.trace, 'the whole arithmetic and the diagram');
    // The copy's numbers are the final weights' numbers for that sample (the CLI's explain --init model.json --sample N).
    const { spec, dataset } = prepareRun(run.specText!, () => { throw new Error('builtin data'); });
    const expected = explainTrainingSample(spec, dataset, parametersFromModelJson(run.finalModel), { sample: answer.sample!, layer: 1, unit: 2 });
    assert.equal(answer.explanation.delta, expected.delta);
    assert.equal(answer.explanation.z, expected.z);
  });

  it('answers later requests about the same run from the same copy (one worker), a new run from a new copy', async () => {
    const run = await endedRun();
    const before = workers.length;
    const first = await explainer.explain(finalWeightsOf(run)!, { layer: 2, unit: 0, column: 0 }, OPTIONS);
    const second = await explainer.explain(finalWeightsOf(run)!, { layer: 1, unit: 0, column: 0 }, OPTIONS);
    assert.ok(first.explanation && second.explanation);
    assert.equal(second.step, first.step, 'the same stepped batch');
    assert.equal(second.sample, first.sample, 'column 0 of the same batch');
    assert.equal(workers.length, before + 1, 'one copy');
    const other = await endedRun(specText({ seed: 9 }));
    await explainer.explain(finalWeightsOf(other)!, { layer: 1, unit: 0, column: 0 }, OPTIONS);
    assert.equal(workers.length, before + 3, 'the other run trained in one worker and is explained by a copy of its own');
  });

  it('stops an idle copy: the next request starts a new one', async () => {
    const run = await endedRun();
    const quick = new FinalWeightsExplainer(host(workers), 200);
    try {
      await quick.explain(finalWeightsOf(run)!, { layer: 1, unit: 0, column: 0 }, OPTIONS);
      const copies = workers.length;
      await new Promise((resolve) => setTimeout(resolve, 600));
      const answer = await quick.explain(finalWeightsOf(run)!, { layer: 1, unit: 0, column: 0 }, OPTIONS);
      assert.ok(answer.explanation, answer.error);
      assert.equal(workers.length, copies + 1, 'the idle copy was stopped and a new one started');
    } finally {
      quick.dispose();
    }
  });

  it('says why when the copy cannot start (a model of other shapes than the spec)', async () => {
    const run = await endedRun();
    const weights = { ...finalWeightsOf(run)!, specText: specText({ layers: [{ units: 2 }, { units: 5, activation: 'tanh' }, { units: 2, activation: 'softmax' }] }) };
    const answer = await explainer.explain(weights, { layer: 1, unit: 0, column: 0 }, OPTIONS);
    assert.equal(answer.explanation, null);
    assert.match(answer.error ?? '', /^The copy of the run from its final weights did not start: .*layer 1/);
  });
});
