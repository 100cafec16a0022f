// RunSession with a real training worker and an in-memory host: relay, throttled updates, saving, stop, crash, cleanup.
import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { RunSession, STOP_GRACE_MS, type SessionHost, type WorkerLike } from '../../../src/extension/session/runSession';
import { MAX_EPOCH_ROWS, type Frame, type HostToWebview, type RunOptions, type RunRecord } from '../../../src/protocol';
import { decodeRecordFile } from '../../../src/engine/record/record-file';
import { specText, startSourceWorker } from '../worker/helpers';

const OPTIONS: RunOptions = { snapshotEvery: 1, gradCheckEachEpoch: false, includeWeightGradients: false };

interface Saved { metrics: unknown; model?: unknown; record?: Uint8Array }

function fakeHost(saved: Saved[], workers: Worker[]): SessionHost {
  const quiet = () => undefined;
  return {
    createWorker: () => startSourceWorker(workers) as unknown as WorkerLike,
    log: { info: quiet, warn: quiet, error: quiet },
    saveRun: async (_session, files) => { saved.push(files); return `memory://run/${saved.length}`; },
    updateRate: () => 10,
  };
}

describe('RunSession (real worker)', function () {
  this.timeout(30_000);
  let saved: Saved[], workers: Worker[];
  beforeEach(() => { saved = []; workers = []; });

  it('relays a run to the end: finished outcome, files saved once, webview updates throttled to ~10/s', async () => {
    const session = new RunSession('file:///x.nn.json', '/tmp/x.nn.json', fakeHost(saved, workers));
    const updates: HostToWebview[][] = [];
    let batch: HostToWebview[] = [];
    session.onWebviewMessage((m) => batch.push(m));
    session.onDidChangeState(() => { updates.push(batch); batch = []; });
    const started = Date.now();
    session.start(specText({ training: { epochs: 40, batchSize: 4 } }), OPTIONS);
    const outcome = await session.ended;
    const seconds = (Date.now() - started) / 1000;
    assert.equal(outcome.state, 'finished');
    assert.equal(outcome.runFolder, 'memory://run/1');
    assert.equal(saved.length, 1);
    assert.equal((saved[0].model as { format: string }).format, 'backprop-lens/model@1');
    assert.equal((saved[0].metrics as { epochs: unknown[] }).epochs.length, 40);
    const file = decodeRecordFile(saved[0].record!, 'record.bin') as { record: RunRecord; frames: Frame[] };
    assert.ok(file.record.layers.every((l) => l.deltaNorm.mean.length >= 100), 'record.bin holds the record');
    assert.ok(file.frames.length > 0 && file.frames.length === file.record.frameSteps.length, 'and the frames');
    const state = session.getMonitorState();
    assert.equal(state.state, 'finished');
    assert.equal(state.epochs.at(-1)!.epoch, 40, 'the host hears the latest epoch row of each chunk');
    assert.equal(state.losses.at(-1)!.step, 40 * 50, '200 samples / batch 4 = 50 steps per epoch');
    const snapshots = updates.flat().filter((m) => m.type === 'snapshot').length;
    assert.ok(updates.length <= Math.ceil(seconds * 10) + 2, `${updates.length} updates in ${seconds.toFixed(2)} s`);
    assert.ok(snapshots <= updates.length, `${snapshots} snapshots relayed for 2000 taken: latest wins`);
  });

  it('keeps metrics.json bounded: a 2,500-epoch run saves at most MAX_EPOCH_ROWS evenly spaced rows, the last included', async () => {
    const session = new RunSession('file:///x.nn.json', '/tmp/x.nn.json', fakeHost(saved, workers));
    session.start(specText({ training: { epochs: 2500, batchSize: 200 } }), OPTIONS);
    assert.equal((await session.ended).state, 'finished');
    const epochs = (saved[0].metrics as { epochs: { epoch: number }[] }).epochs;
    assert.ok(epochs.length <= MAX_EPOCH_ROWS, `${epochs.length} rows`);
    assert.equal(epochs.at(-1)!.epoch, 2500);
  });

  it('stop ends a long run promptly with its model saved; the worker is terminated', async () => {
    const session = new RunSession('file:///x.nn.json', '/tmp/x.nn.json', fakeHost(saved, workers));
    session.start(specText({ training: { epochs: 1_000_000, batchSize: 4 } }), OPTIONS);
    await new Promise((resolve) => setTimeout(resolve, 500));
    session.stop();
    const outcome = await session.ended;
    assert.equal(outcome.state, 'stopped');
    // The worker answered stop (its model is saved), not the terminate fallback after STOP_GRACE_MS; how fast is the bench's business.
    assert.doesNotMatch(outcome.message ?? '', /did not stop in time/);
    assert.ok(saved[0].model, 'model saved');
    if (workers[0].threadId !== -1) await once(workers[0], 'exit');
    assert.equal(workers[0].threadId, -1, 'worker terminated');
  });

  it('a worker that dies mid-run fails the session with one message', async () => {
    const session = new RunSession('file:///x.nn.json', '/tmp/x.nn.json', fakeHost(saved, workers));
    session.start(specText({ training: { epochs: 1_000_000, batchSize: 4 } }), OPTIONS);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await workers[0].terminate();
    const outcome = await session.ended;
    assert.equal(outcome.state, 'failed');
    assert.match(outcome.message!, /exited unexpectedly/);
    assert.equal(session.getMonitorState().message, outcome.message);
  });

  it('an invalid spec fails before training and saves nothing', async () => {
    const session = new RunSession('file:///x.nn.json', '/tmp/x.nn.json', fakeHost(saved, workers));
    session.start(specText({ layers: [{ units: 2 }] }), OPTIONS);
    const outcome = await session.ended;
    assert.equal(outcome.state, 'failed');
    assert.match(outcome.message!, /^The spec is not valid/);
    assert.equal(saved.length, 0);
  });

  it('a worker that never answers stop is terminated after the grace period; the metrics are still saved', async function () {
    this.timeout(STOP_GRACE_MS + 5000);
    const listeners = new Map<string, (value: never) => void>();
    let terminated = false;
    const silent: WorkerLike = {
      postMessage: () => undefined,
      on: (event: string, listener: (value: never) => void) => { listeners.set(event, listener); return silent; },
      terminate: async () => { terminated = true; return 1; },
    } as WorkerLike;
    const host = { ...fakeHost(saved, workers), createWorker: () => silent };
    const session = new RunSession('file:///x.nn.json', '/tmp/x.nn.json', host);
    session.start(specText(), OPTIONS);
    const info = { runId: session.runId, specPath: '/tmp/x.nn.json', name: 'x', task: 'classification', classNames: null, inputSize: 2, layers: [], epochs: 5, stepsPerEpoch: 1, batchSize: 1, learningRate: 0.1, trainCount: 1, testCount: 0, precision: 'float64', seed: 1 };
    listeners.get('message')!({ type: 'started', info } as never);
    const t = Date.now();
    session.stop();
    const outcome = await session.ended;
    assert.ok(Date.now() - t >= STOP_GRACE_MS - 50);
    assert.equal(outcome.state, 'stopped');
    assert.match(outcome.message!, /did not stop in time/);
    assert.ok(terminated);
    assert.equal(saved.length, 1);
    assert.equal(saved[0].model, undefined, 'no model without the worker');
    assert.equal((saved[0].metrics as { state: string }).state, 'stopped');
  });

  it('20 start/stop cycles leave no worker running and no listener behind', async function () {
    this.timeout(180_000); // 20 workers compile the source through tsx: slow on a shared 2-core machine, not a figure
    for (let i = 0; i < 20; i++) {
      const session = new RunSession('file:///x.nn.json', '/tmp/x.nn.json', fakeHost(saved, workers));
      const sub = session.onDidChangeState(() => undefined);
      session.start(specText({ training: { epochs: 1_000_000, batchSize: 4 } }), OPTIONS);
      await new Promise((resolve) => setTimeout(resolve, 20));
      session.stop();
      await session.ended;
      sub.dispose();
      session.dispose();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(workers.length, 20);
    assert.deepEqual(workers.filter((w) => w.threadId !== -1).map((w) => w.threadId), [], 'every worker exited');
  });
});
