// python/backprop_lens against autograd (float64, retain_grad on every z^l), a killed script's run folder, and
// `backprop-lens record` on PyTorch and native runs. Skipped, with the reason printed, where torch cannot be imported.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RunSession } from '../../../src/extension/session/runSession';
import { readRunFolder } from '../../../src/extension/session/readRunFolder';
import { run } from '../cli/helpers';
import { PYTHON, python, requireTorch } from '../export/python';
import { nodeRunFs, nodeRunHost } from '../extension/fixtures/nodeRunHost';
import { specText } from '../worker/helpers';

const PYTHON_DIR = resolve(__dirname, '../../../python');
const SERIES = ['deltaNorm', 'deadShare', 'saturatedShare', 'gradNorm', 'weightNorm', 'updateRatio'] as const;
const STEPS = 30;

/** |a − b| ≤ 1e-9 · max(|a|, |b|) (+1e-15 for values that are 0 up to rounding). */
function assertClose(actual: number | null, expected: number, what: string): void {
  assert.ok(actual !== null && Math.abs(actual - expected) <= 1e-9 * Math.max(Math.abs(actual), Math.abs(expected)) + 1e-15, `${what}: ${actual} ≠ ${expected}`);
}

/** `backprop-lens record DIR --json`, parsed. */
function recordJson(dir: string) {
  const r = run('record', dir, '--json');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out.length, 1, 'one line');
  return JSON.parse(r.out[0]);
}

interface Expected { folder: string; activations: string[]; steps: (Record<(typeof SERIES)[number] | 'loss', unknown> & { deltaMean: number[][] })[] }

describe('PyTorch lens (python/backprop_lens)', function () {
  this.timeout(300_000);
  let root: string;
  before(() => { root = mkdtempSync(join(tmpdir(), 'bpl-lens-')); });
  after(() => rmSync(root, { recursive: true, force: true }));

  for (const writer of ['', 'slow']) it(`records ‖δ^l‖, mean δ, ‖∂E/∂W^l‖ (and the other series) equal to autograd's within 1e-9 over ${STEPS} steps; record --json prints them${writer ? ' (a background writer slower than the loop: still W⁺ and W⁻ of its own step)' : ''}`, function () {
    requireTorch(this);
    const out = join(root, `oracle${writer}`);
    python([join(__dirname, 'lens_oracle.py'), PYTHON_DIR, out, String(STEPS), ...(writer ? ['0', writer] : [])]);
    for (const name of ['tanh-crossentropy', 'sigmoid-bce', 'relu-mse-sum']) {
      const expected = JSON.parse(readFileSync(join(out, `${name}.expected.json`), 'utf8')) as Expected;
      const record = recordJson(expected.folder);
      assert.equal(record.source, 'pytorch');
      assert.deepEqual(record.layers.map((l: { activation: string }) => l.activation), expected.activations, name);
      assert.deepEqual(record.steps, Array.from({ length: STEPS }, (_, i) => i + 1), `${name}: every step`);
      assert.equal(record.ended, true);
      expected.steps.forEach((want, s) => {
        for (const key of SERIES) {
          (want[key] as number[]).forEach((v, l) => assertClose(record[key][l][s], v, `${name} step ${s + 1} layer ${l} ${key}`));
        }
        if (want.loss === null) assert.equal(record.loss[s], null, `${name} step ${s + 1}: no loss given`);
        else assertClose(record.loss[s], want.loss as number, `${name} step ${s + 1} loss`);
      });
      const lines = readFileSync(join(expected.folder, 'record.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expected.steps.forEach((want, s) => want.deltaMean.forEach((units, l) => units.forEach((v, j) => assertClose(lines[s].deltaMean[l][j], v, `${name} step ${s + 1} mean δ layer ${l} unit ${j}`))));
      assert.ok(expected.steps.some((s) => (s.deadShare as number[]).some((v) => v > 0)) || name !== 'relu-mse-sum', 'the relu run has dead units to compare');
    }
  });

  it('past the first level, a line\'s mean δ is the mean over the steps since the previous one (deltaMeanSteps), equal to autograd\'s', function () {
    requireTorch(this);
    const out = join(root, 'oracle-blocks');
    python([join(__dirname, 'lens_oracle.py'), PYTHON_DIR, out, String(STEPS), '4']); // 4 lines per level: 1, 1, 1, 1, 2, 2, 2, 2, 4, …
    for (const name of ['tanh-crossentropy', 'relu-mse-sum']) {
      const expected = JSON.parse(readFileSync(join(out, `${name}.expected.json`), 'utf8')) as Expected;
      const lines = readFileSync(join(expected.folder, 'record.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'step');
      let from = 1;
      const blocks: number[] = [];
      for (const line of lines.filter((l) => l.deltaMean)) {
        const k = line.deltaMeanSteps ?? 1;
        assert.equal(line.step - k + 1, from, `${name} step ${line.step}: its mean δ starts after the previous one`);
        const block = expected.steps.slice(from - 1, line.step); // equal batches: the samples' mean is the steps' mean
        block[0].deltaMean.forEach((units, l) => units.forEach((_, j) => {
          assertClose(line.deltaMean[l][j], block.reduce((sum, s) => sum + s.deltaMean[l][j], 0) / k, `${name} steps ${from}–${line.step} mean δ layer ${l} unit ${j}`);
        }));
        blocks.push(k);
        from = line.step + 1;
      }
      assert.deepEqual(blocks.slice(0, 10), [1, 1, 1, 1, 2, 2, 2, 2, 4, 4], `${name}: blocks double after 4 lines`);
      assert.ok(lines.length - from + 1 < 8, `${name}: only the last, unfinished block is not written`);
    }
  });

  it('a step whose recording fails on the background thread raises in the training loop at a following step, naming the error', function () {
    requireTorch(this);
    const printed = python([join(__dirname, 'lens_failing_writer.py'), PYTHON_DIR, join(root, 'failing')]).stdout;
    assert.match(printed, /^raised at step ([4-9]|10): backprop_lens: recording a step failed: OSError\('disk full \(simulated\)'\)$/m);
  });

  it('a script killed (SIGKILL) mid-run leaves a folder record reads up to its last complete step', async function () {
    requireTorch(this);
    const folder = join(root, 'killed');
    const child = spawn(PYTHON, [join(__dirname, 'lens_killed.py'), PYTHON_DIR, folder], { stdio: ['ignore', 'pipe', 'pipe'] });
    let printed = '', stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    await new Promise<void>((done, fail) => {
      child.stdout.on('data', (d: Buffer) => {
        printed += d.toString();
        if (/step 25\n/.test(printed)) { child.kill('SIGKILL'); done(); }
      });
      child.on('exit', (code) => fail(new Error(`the script ended by itself (${code}):\n${stderr}`)));
    });
    await new Promise((done) => child.on('close', done));
    const finished = Number(/step (\d+)\n(?![\s\S]*step \d+\n)/.exec(printed)![1]);
    const record = recordJson(folder);
    assert.equal(record.ended, false, 'no end line');
    // the lens writes on a background thread: at most the last two steps the script finished can be unwritten
    assert.ok(record.steps.length >= finished - 2, `every step the script finished but at most the last two is there (${record.steps.length} < ${finished} − 2)`);
    assert.deepEqual(record.steps, Array.from({ length: record.steps.length }, (_, i) => i + 1));
    for (const key of SERIES) assert.ok(record[key].every((layer: number[]) => layer.length === record.steps.length && layer.every(Number.isFinite)), key);
    appendFileSync(join(folder, 'record.jsonl'), '{"type":"step","step":99,"deltaNo'); // killed in the middle of a line
    assert.deepEqual(recordJson(folder).steps, record.steps, 'an unfinished last line is skipped');
  });

  it('under DistributedDataParallel (2 gloo ranks) rank 0 alone writes one run folder whose record, over both shards, equals one process on the whole batch', async function () {
    requireTorch(this);
    const parent = join(root, 'ddp'), folder = join(parent, 'run'), single = join(root, 'ddp-single');
    python([join(__dirname, 'lens_ddp.py'), PYTHON_DIR, single]);
    const port = await new Promise<number>((done) => { const s = createServer().listen(0, () => { const p = (s.address() as { port: number }).port; s.close(() => done(p)); }); });
    await Promise.all([0, 1].map((r) => new Promise<void>((done, fail) => {
      const env = { ...process.env, RANK: String(r), LOCAL_RANK: String(r), WORLD_SIZE: '2', MASTER_ADDR: '127.0.0.1', MASTER_PORT: String(port) };
      const child = spawn(PYTHON, [join(__dirname, 'lens_ddp.py'), PYTHON_DIR, folder], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
      child.on('error', fail);
      child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`rank ${r} exited ${code}:\n${err}`))));
    })));
    assert.deepEqual(readdirSync(parent), ['run'], 'one run folder (rank 1 wrote none)');
    const [ddp, one] = [recordJson(folder), recordJson(single)];
    assert.deepEqual(ddp.steps, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(ddp.steps, one.steps);
    for (const key of [...SERIES, 'loss'] as const) {
      const [a, b] = key === 'loss' ? [[ddp.loss], [one.loss]] : [ddp[key], one[key]];
      b.forEach((layer: number[], l: number) => layer.forEach((v, s) => assertClose(a[l][s], v, `step ${s + 1} layer ${l} ${key}`)));
    }
    assert.ok(one.deadShare.some((layer: number[]) => layer.some((v) => v > 0)) || one.saturatedShare[0].some((v: number) => v > 0), 'the relu layer has dead or saturated units to compare');
    const lines = (dir: string) => readFileSync(join(dir, 'record.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const [ddpLines, oneLines] = [lines(folder), lines(single)];
    oneLines.slice(0, 8).forEach((row, s) => row.deltaMean.forEach((units: number[], l: number) => units.forEach((v, j) => assertClose(ddpLines[s].deltaMean[l][j], v, `step ${s + 1} mean δ layer ${l} unit ${j}`))));
  });

  it('record: a bad record line, or a folder that holds no run, is one located sentence and exit 1', () => {
    const folder = join(root, 'bad');
    mkdirSync(folder);
    const none = run('record', folder);
    assert.deepEqual([none.code, none.err], [1, `backprop-lens: ${folder}: neither a PyTorch run (no lens.json) nor a Backprop Lens run folder (no metrics.json)\n`]);
    writeFileSync(join(folder, 'lens.json'), JSON.stringify({ format: 'backprop-lens/pytorch-run@1', layers: [{ name: 'fc', units: 2, activation: 'relu' }] }));
    writeFileSync(join(folder, 'record.jsonl'), '{"type":"end","steps":0}\n{"type":"step","step":1,"loss":null,"deltaNorm":[1,2]}\n');
    const bad = run('record', folder, '--json');
    assert.equal(bad.code, 1);
    assert.equal(bad.out.length, 0);
    assert.equal(bad.err, `backprop-lens: ${join(folder, 'record.jsonl')}: line 2: deltaNorm is not a list of 1 numbers (one per layer in lens.json)\n`);
  });

  it('record --json on a native run folder prints its record (the series record.bin holds)', async () => {
    const session = new RunSession('file:///w/xor.nn.json', '/w/xor.nn.json', nodeRunHost(join(root, 'runs'), [], false));
    session.start(specText({ training: { epochs: 2, batchSize: 8 } }), { snapshotEvery: 1, gradCheckEachEpoch: false, includeWeightGradients: false });
    const outcome = await session.ended;
    session.dispose();
    assert.equal(outcome.state, 'finished');
    const saved = await readRunFolder(nodeRunFs, outcome.runFolder!);
    const record = recordJson(outcome.runFolder!);
    assert.equal(record.source, 'backprop-lens');
    assert.deepEqual(record.layers, [{ name: '1', units: 6, activation: 'tanh' }, { name: '2', units: 2, activation: 'softmax' }]);
    assert.equal(record.lastStep, 50, '200 samples / batch 8 = 25 steps per epoch');
    assert.deepEqual(record.steps, Array.from(saved.record.layers[0].deltaNorm.first));
    for (const key of SERIES) saved.record.layers.forEach((l, i) => assert.deepEqual(record[key][i], Array.from(l[key].mean), key));
    assert.deepEqual(record.loss, Array.from(saved.record.loss.mean));
    const text = run('record', outcome.runFolder!);
    assert.match(text.out[0], /Backprop Lens run, 50 recorded steps up to step 50/);
  });
});
