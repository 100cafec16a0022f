// A running run checkpoints its folder: a host killed mid-run (SIGKILL) leaves metrics.json (state "running", epoch
// rows) and model.json readable; the final write replaces the checkpoint; checkpoints are rate-limited.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METRICS_EVERY_MS, MODEL_EVERY_MS, RunCheckpointer } from '../../../src/extension/session/checkpoint';
import { RunSession } from '../../../src/extension/session/runSession';
import type { EpochMetrics, WorkerToHost } from '../../../src/protocol';
import { nodeRunHost } from './fixtures/nodeRunHost';
import { specText } from '../worker/helpers';

const CHILD = join(__dirname, 'fixtures', 'checkpointChild.ts');
const LONG_RUN = specText({ data: { builtin: 'spiral', samples: 400 }, layers: [{ units: 2 }, { units: 32, activation: 'tanh' }, { units: 2, activation: 'softmax' }], training: { epochs: 1_000_000, batchSize: 8 } });

interface MetricsFile { state: string; epochs: EpochMetrics[]; info: { epochs: number } | null }

/** The only run folder under `runsDir` once it holds `file`, polled every 50 ms. */
async function waitForRunFile(runsDir: string, file: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const folders = existsSync(runsDir) ? readdirSync(runsDir) : [];
    if (folders.length === 1 && existsSync(join(runsDir, folders[0], file))) return join(runsDir, folders[0]);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no run folder with ${file} after ${timeoutMs} ms`);
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

describe('run checkpoints', function () {
  this.timeout(30_000);
  let runsDir: string;
  beforeEach(() => { runsDir = join(mkdtempSync(join(tmpdir(), 'bpl-ckpt-')), 'runs'); });
  afterEach(() => rmSync(join(runsDir, '..'), { recursive: true, force: true }));

  it('a host process SIGKILLed mid-run leaves metrics.json (running, epoch rows) and model.json readable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, runsDir, LONG_RUN], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    try {
      const folder = await waitForRunFile(runsDir, 'model.json', 15_000);
      const first = readJson<MetricsFile>(join(folder, 'metrics.json'));
      await new Promise((resolve) => setTimeout(resolve, METRICS_EVERY_MS + 1000));
      child.kill('SIGKILL');
      assert.equal(await exited, 'SIGKILL');
      assert.equal(output, '', 'the run had not ended on its own');
      const metrics = readJson<MetricsFile>(join(folder, 'metrics.json'));
      assert.equal(metrics.state, 'running');
      assert.equal(metrics.info?.epochs, 1_000_000, 'the setup is saved');
      // The host hears the latest epoch row of each 20 ms chunk (kept ≤ 2000, evenly thinned); the final write has every row.
      assert.ok(metrics.epochs.length >= 1, `${metrics.epochs.length} epoch rows`);
      assert.ok(metrics.epochs.every((row, i) => i === 0 || row.epoch > metrics.epochs[i - 1].epoch), 'rows in epoch order');
      assert.ok(metrics.epochs.at(-1)!.epoch > first.epochs.at(-1)!.epoch, 'a later checkpoint replaced the first one');
      assert.equal(readJson<{ format: string }>(join(folder, 'model.json')).format, 'backprop-lens/model@1');
      assert.deepEqual(readdirSync(runsDir).length, 1, 'one folder: checkpoints replace files in it');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('the final write replaces the checkpoint in the same folder (stopped run)', async () => {
    const session = new RunSession('file:///tmp/x.nn.json', '/tmp/x.nn.json', nodeRunHost(runsDir));
    session.start(LONG_RUN, { snapshotEvery: 1000, gradCheckEachEpoch: false, includeWeightGradients: false });
    const folder = await waitForRunFile(runsDir, 'model.json', 15_000);
    assert.equal(readJson<MetricsFile>(join(folder, 'metrics.json')).state, 'running');
    session.stop();
    const outcome = await session.ended;
    session.dispose();
    assert.equal(outcome.runFolder, folder);
    assert.deepEqual(readdirSync(runsDir), [folder.slice(runsDir.length + 1)]);
    assert.deepEqual(readdirSync(folder).sort(), ['metrics.json', 'model.json', 'record.bin', 'spec.json'], 'no temp files left');
    const metrics = readJson<MetricsFile>(join(folder, 'metrics.json'));
    assert.equal(metrics.state, 'stopped');
    assert.ok(metrics.epochs.length >= 1);
  });

  it('checkpoints metrics at most every 5 s, the model at most every 30 s and on pause, one model request at a time', async () => {
    let now = 0;
    const writes: { model: boolean; at: number }[] = [];
    let modelRequests = 0;
    let answerModel: (model: unknown) => void = () => undefined;
    const checkpointer = new RunCheckpointer({
      metrics: () => ({ state: 'running' }),
      requestModel: () => { modelRequests++; return new Promise((resolve) => { answerModel = resolve; }); },
      write: async (files) => { writes.push({ model: files.model !== undefined, at: now }); },
      warn: () => undefined,
    }, () => now);
    const epoch: WorkerToHost = { type: 'epoch', metrics: { epoch: 1, step: 1, loss: 1, accuracy: null, testLoss: null, testAccuracy: null, seconds: 0 } };
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    checkpointer.onWorkerMessage(epoch);
    checkpointer.onWorkerMessage(epoch);
    assert.equal(modelRequests, 1, 'the first epoch asks for the model; no second request while one is pending');
    answerModel({ m: 1 });
    await settle();
    for (now = 100; now < MODEL_EVERY_MS; now += 100) { checkpointer.onWorkerMessage(epoch); await settle(); }
    assert.deepEqual(writes.map((w) => w.at), [0, 5000, 10_000, 15_000, 20_000, 25_000]);
    assert.deepEqual(writes.map((w) => w.model), [true, false, false, false, false, false]);
    checkpointer.onWorkerMessage(epoch);
    assert.equal(modelRequests, 2, 'the model again after 30 s');
    answerModel({ m: 2 });
    await settle();
    checkpointer.onWorkerMessage({ type: 'state', state: 'paused' });
    assert.equal(modelRequests, 3, 'pausing checkpoints the model');
    await checkpointer.close();
    answerModel({ m: 3 });
    await settle();
    assert.equal(writes.length, 7, 'nothing is written after close');
  });
});
