// Reading a saved run folder back (Open Run…, Compare Runs…): a real run round-trips; every bad file is reported with
// the file and where in it (line and column, JSON path or byte), never another error, and the folder is left as it was.
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { RunSession } from '../../../src/extension/session/runSession';
import { readRunFolder, RunFolderError } from '../../../src/extension/session/readRunFolder';
import { savedMonitorState } from '../../../src/extension/session/savedRunState';
import { linkedSpecPath } from '../../../src/node/specRuns';
import { specText } from '../worker/helpers';
import { nodeRunFs, nodeRunHost } from './fixtures/nodeRunHost';

/** Rejects with a RunFolderError whose message matches `pattern`. */
async function rejectsWith(folder: string, pattern: RegExp): Promise<void> {
  await assert.rejects(readRunFolder(nodeRunFs, folder), (e: unknown) => {
    assert.ok(e instanceof RunFolderError, `not a RunFolderError: ${String(e)}`);
    assert.match(e.message, pattern);
    return true;
  });
}

describe('readRunFolder', function () {
  this.timeout(90_000); // the before hook trains a real run in a worker
  let root: string, saved: string, folder: string;
  const spec = specText({ training: { epochs: 6, batchSize: 8 } });

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'bpl-read-'));
    const session = new RunSession('file:///w/xor.nn.json', '/w/xor.nn.json', nodeRunHost(join(root, 'runs'), [], false));
    session.start(spec, { snapshotEvery: 1, gradCheckEachEpoch: false, includeWeightGradients: false });
    const outcome = await session.ended;
    assert.equal(outcome.state, 'finished');
    saved = outcome.runFolder!;
    session.dispose();
  });
  after(() => rmSync(root, { recursive: true, force: true }));
  beforeEach(() => {
    folder = mkdtempSync(join(root, 'copy-'));
    cpSync(saved, folder, { recursive: true });
  });

  it('links the run to its spec: metrics.json records specFile, the spec\'s path from the run folder', async () => {
    const specFile = JSON.parse(readFileSync(join(saved, 'metrics.json'), 'utf8')).specFile;
    assert.equal(specFile, relative(saved, '/w/xor.nn.json').split(sep).join('/'));
    assert.equal(linkedSpecPath(saved, (await readRunFolder(nodeRunFs, saved)).specFile), resolve('/w/xor.nn.json'));
  });

  it('reads a finished run: info, state, epochs, the record, its frames, the points and the spec it trained', async () => {
    assert.deepEqual(readdirSync(saved).sort(), ['metrics.json', 'model.json', 'record.bin', 'spec.json']);
    const run = await readRunFolder(nodeRunFs, folder);
    assert.equal(run.state, 'finished');
    assert.equal(run.info.name, 'xor test');
    assert.deepEqual(run.epochs.map((e) => e.epoch), [1, 2, 3, 4, 5, 6]);
    assert.equal(run.record.layers.length, 2);
    assert.equal(run.record.lastStep, 6 * 25, '200 samples / batch 8 = 25 steps per epoch');
    assert.ok(run.frames.length > 0 && run.frames.length === run.record.frameSteps.length);
    assert.deepEqual(run.frames.map((f) => f.step), run.record.frameSteps);
    assert.ok(run.points && run.points.xy.length === 2 * run.points.targets.length, 'the 2-D points over the boundary');
    assert.equal(run.specText, spec);
    assert.equal((run.model as { format: string }).format, 'backprop-lens/model@1');
  });

  it('a missing metrics.json or record.bin is named', async () => {
    rmSync(join(folder, 'record.bin'));
    await rejectsWith(folder, /^record\.bin: missing/);
    rmSync(join(folder, 'metrics.json'));
    await rejectsWith(folder, /^metrics\.json: missing/);
  });

  it('a folder saved before spec.json still reads (specText null)', async () => {
    rmSync(join(folder, 'spec.json'));
    assert.equal((await readRunFolder(nodeRunFs, folder)).specText, null);
  });

  it('a record.bin truncated anywhere is reported with the byte', async () => {
    const bytes = readFileSync(join(saved, 'record.bin'));
    for (let cut = 0; cut < bytes.length; cut += Math.max(1, Math.floor(bytes.length / 40))) {
      writeFileSync(join(folder, 'record.bin'), new Uint8Array(bytes.buffer, bytes.byteOffset, cut));
      await rejectsWith(folder, /^record\.bin: .*byte/);
    }
  });

  it('metrics.json that is not JSON is reported with line and column', async () => {
    const text = readFileSync(join(saved, 'metrics.json'), 'utf8');
    const lines = text.split('\n');
    lines[2] = lines[2].replace(/,$/, ''); // a missing comma at the end of line 3
    writeFileSync(join(folder, 'metrics.json'), lines.join('\n'));
    await rejectsWith(folder, /^metrics\.json: line [34], column \d+: not JSON/);
  });

  it('metrics.json with a wrong value names its JSON path and line', async () => {
    const metrics = JSON.parse(readFileSync(join(saved, 'metrics.json'), 'utf8'));
    metrics.info.layers[1].units = 'six';
    writeFileSync(join(folder, 'metrics.json'), JSON.stringify(metrics, null, 1));
    await rejectsWith(folder, /^metrics\.json: line \d+, column \d+: info\.layers\[1\]\.units is not a whole number/);
    metrics.info.layers[1].units = 6;
    metrics.format = 'something/else@9';
    writeFileSync(join(folder, 'metrics.json'), JSON.stringify(metrics, null, 1));
    await rejectsWith(folder, /^metrics\.json: line 2, column \d+: format is "something\/else@9"/);
  });

  it('a record.bin for a different network (layer count) is reported with its path', async () => {
    const metrics = JSON.parse(readFileSync(join(saved, 'metrics.json'), 'utf8'));
    metrics.info.layers.push({ ...metrics.info.layers[1], layer: 3 });
    writeFileSync(join(folder, 'metrics.json'), JSON.stringify(metrics));
    await rejectsWith(folder, /^record\.bin: record\.layers holds 2 layers, metrics\.json's info 3/);
  });

  it('a model.json that is not JSON is reported; a failed read changes no file', async () => {
    writeFileSync(join(folder, 'model.json'), '{"format": ');
    const before = readdirSync(folder).map((name) => readFileSync(join(folder, name)));
    await rejectsWith(folder, /^model\.json: line 1, column \d+: not JSON/);
    assert.deepEqual(readdirSync(folder).map((name) => readFileSync(join(folder, name))), before);
  });

  it('as the monitor shows it: savedRun set, the loss per bucket, the last frame as the snapshot, the latest boundary', async () => {
    const run = await readRunFolder(nodeRunFs, folder);
    const state = savedMonitorState(run, 'file:///w/runs/xor-1');
    assert.equal(state.savedRun, 'file:///w/runs/xor-1');
    assert.equal(state.record, run.record);
    assert.deepEqual(state.losses.map((p) => p.step), Array.from(run.record.loss.last));
    assert.equal(state.snapshot, run.frames.at(-1));
    assert.ok(state.boundary && state.boundary === run.frames.filter((f) => f.boundary).at(-1)!.boundary);
    assert.equal(state.points, run.points);
    assert.equal(savedMonitorState({ ...run, state: 'running' }, 'x').state, 'stopped', 'a checkpoint of a lost run is a stopped run');
  });
});
