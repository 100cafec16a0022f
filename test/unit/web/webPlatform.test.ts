// The browser build's platform, run in Node where its web APIs exist (DecompressionStream, MessageChannel): data files
// posted by the host instead of read by the worker, gzip through DecompressionStream, one thread and the monitor
// header's reason, '/'-paths, and the Web Worker adapter's message order.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { preloadedDataFiles } from '../../../src/engine/data/data-files';
import { posixPath } from '../../../src/engine/text/posix-path';
import { gunzipStream, GunzipTooLargeError } from '../../../src/extension/session/gunzipStream';
import { WebWorkerLike } from '../../../src/extension/session/webWorker';
import type { HostToWorker, PreloadedFiles, WorkerToHost } from '../../../src/protocol';
import { TrainingLoop } from '../../../src/worker/trainingLoop';
import { webWorkerPlatform } from '../../../src/worker/webPlatform';
import { OPTIONS } from '../worker/helpers';

const EXAMPLES = join(__dirname, '../../../examples');
const IRIS_SPEC = readFileSync(join(EXAMPLES, 'iris.nn.json'), 'utf8').replace('"seed": 1,', '"seed": 1, "precision": "float32",').replace('"epochs": 200', '"epochs": 3');
const IRIS: PreloadedFiles = { 'iris.csv': { bytes: new Uint8Array(readFileSync(join(EXAMPLES, 'iris.csv'))), mtime: 1 } };

/** Runs the loop on the web platform until it reports an end; resolves every message. */
function runOnWebPlatform(message: HostToWorker): Promise<WorkerToHost[]> {
  const messages: WorkerToHost[] = [];
  const platform = webWorkerPlatform(false);
  return new Promise((resolve) => {
    const loop = new TrainingLoop({ post: (m) => { messages.push(m); if (['finished', 'failed', 'probeResult'].includes(m.type)) resolve(messages); } }, () => performance.now(), platform.defer, platform);
    loop.handle(message);
  });
}

describe('web platform: the training worker on posted files', () => {
  it('trains a CSV spec from the bytes the host posted, on one thread, and says why (browser)', async () => {
    const messages = await runOnWebPlatform({ type: 'start', runId: 'w', specPath: '/ws/iris.nn.json', specText: IRIS_SPEC, options: OPTIONS, files: IRIS });
    const started = messages.find((m) => m.type === 'started');
    assert.ok(started?.type === 'started', JSON.stringify(messages.filter((m) => m.type === 'failed' || m.type === 'log')));
    assert.deepEqual([started.info.trainer, started.info.threads, started.info.threadsLimit, started.info.trainCount], ['fast', 1, 'browser', 120]);
    assert.ok(messages.some((m) => m.type === 'finished' && m.reason === 'completed'));
  });

  it('a file the host could not read fails the start with the host\'s sentence', async () => {
    const files: PreloadedFiles = { 'iris.csv': { missing: true, message: 'cannot read iris.csv: file not found' } };
    const messages = await runOnWebPlatform({ type: 'start', runId: 'w', specPath: '/ws/iris.nn.json', specText: IRIS_SPEC, options: OPTIONS, files });
    const failed = messages.find((m) => m.type === 'failed');
    assert.ok(failed?.type === 'failed');
    assert.match(failed.message, /Cannot load the data: iris\.csv: cannot read iris\.csv: file not found/);
  });

  it('the data probe: the data-shape diagnostics from posted files; a file not posted is a missing file', async () => {
    const wide = IRIS_SPEC.replace('{ "units": 4 }', '{ "units": 5 }');
    const probe = async (files: PreloadedFiles) => {
      const result = (await runOnWebPlatform({ type: 'probe', requestId: 1, specPath: '/ws/iris.nn.json', specText: wide, options: OPTIONS, files })).at(-1);
      assert.ok(result?.type === 'probeResult');
      return result.diagnostics;
    };
    assert.ok((await probe(IRIS)).some((d) => d.code === 'input-units-mismatch'));
    const missing = await probe({ 'iris.csv': { missing: true, message: 'cannot read iris.csv: file not found' } });
    assert.ok(missing.some((d) => /iris\.csv/.test(d.message) && d.severity === 'error'), JSON.stringify(missing));
  });

  it('preloaded files: an over-budget file throws the budget error, text decodes as UTF-8', () => {
    const files = preloadedDataFiles({ 'a.csv': { bytes: new TextEncoder().encode('x,é\n'), mtime: 5 }, 'big.csv': { overBudget: 'big.csv is 2 GiB', size: 2, budget: 1 } });
    assert.equal(files.readFile('a.csv', 'text'), 'x,é\n');
    assert.throws(() => files.readFile('big.csv', 'bytes'), { name: 'ResourceError', message: 'big.csv is 2 GiB' });
    assert.deepEqual([files.fileExists('a.csv'), files.fileExists('big.csv'), files.fileExists('none.csv')], [true, true, false]);
    assert.equal(files.stamp('a.csv'), '5:5');
  });
});

describe('web platform: gunzip with DecompressionStream', () => {
  const text = 'label,x\n'.repeat(5000);
  const gzip = (data: string | Uint8Array): Uint8Array => new Uint8Array(gzipSync(data));
  it('un-gzips what zlib gzipped', async () => {
    assert.equal(new TextDecoder().decode(await gunzipStream(gzip(text))), text);
  });
  it('stops past the limit (a gzip bomb is not inflated)', async () => {
    await assert.rejects(gunzipStream(gzip(new Uint8Array(64 << 20)), 1 << 20), GunzipTooLargeError);
  });
  it('rejects corrupt input', async () => {
    const bytes = gzip(text);
    bytes[bytes.length - 5] ^= 0xff; // the CRC
    await assert.rejects(gunzipStream(bytes));
  });
});

describe('web platform: posix paths (URI paths in the browser) agree with node:path.posix', () => {
  const cases: [string, string][] = [['/a/b', '/a/b/c/d.csv'], ['/a/b/runs/x', '/a/b/spec.nn.json'], ['/a', '/b/c'], ['/a/b', '/a/b'], ['/', '/x']];
  for (const [from, to] of cases) {
    it(`relative(${from}, ${to})`, () => assert.equal(posixPath.relative(from, to), posix.relative(from, to)));
  }
  for (const parts of [['/a/b', '../c.csv'], ['/a/b', './c/../d'], ['/a', '/abs/x'], ['/a/b/', 'c/']]) {
    it(`resolve(${parts.join(', ')})`, () => assert.equal(posixPath.resolve(...parts), posix.resolve(...parts)));
  }
  it('dirname, basename', () => {
    for (const p of ['/a/b/c.nn.json', '/a', '/']) assert.deepEqual([posixPath.dirname(p), posixPath.basename(p)], [posix.dirname(p), posix.basename(p)]);
  });
});

describe('web platform: the Web Worker adapter', () => {
  /** A fake Web Worker recording what it was posted (and the transfer list). */
  function fakeWorker() {
    const posted: { message: HostToWorker & { files?: PreloadedFiles }; transfer?: ArrayBuffer[] }[] = [];
    const worker = { posted, terminated: false, onmessage: null as ((e: { data: WorkerToHost }) => void) | null, onerror: null, postMessage: (message: HostToWorker, transfer?: ArrayBuffer[]) => { posted.push({ message, transfer }); }, terminate: () => { worker.terminated = true; } };
    return worker;
  }

  it('attaches the spec\'s files to start (transferred), keeps the order of later messages, and relays replies', async () => {
    const worker = fakeWorker();
    let release!: () => void;
    const adapter = new WebWorkerLike(worker, () => new Promise((resolve) => { release = () => resolve(IRIS); }));
    const replies: WorkerToHost[] = [];
    adapter.on('message', (m) => replies.push(m));
    adapter.postMessage({ type: 'start', runId: 'r', specPath: '/ws/iris.nn.json', specText: IRIS_SPEC, options: OPTIONS });
    adapter.postMessage({ type: 'pause' });
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(worker.posted.length, 0, 'nothing before the files are read');
    release();
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(worker.posted.map((p) => p.message.type), ['start', 'pause']);
    assert.ok(worker.posted[0].message.files?.['iris.csv']);
    assert.equal(worker.posted[0].transfer?.length, 1);
    worker.onmessage!({ data: { type: 'state', state: 'paused' } });
    assert.deepEqual(replies, [{ type: 'state', state: 'paused' }]);
  });

  it('terminate stops the worker and reports an exit; nothing is posted after it', async () => {
    const worker = fakeWorker();
    const adapter = new WebWorkerLike(worker, async () => ({}));
    const exits: number[] = [];
    adapter.on('exit', (code) => exits.push(code));
    adapter.postMessage({ type: 'probe', requestId: 1, specPath: '/s.nn.json', specText: '{}', options: OPTIONS });
    await adapter.terminate();
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual([worker.terminated, exits, worker.posted.length], [true, [1], 0]);
  });
});
