/**
 * The exported PyTorch project trains as the engine does: float64, the same steps land on the same weights as
 * `backprop-lens train --init` within 1e-9 relative to the step; 2 DistributedDataParallel ranks equal one process.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { createActiveRun } from '../../../src/worker/activeRun';
import { nodeWorkerPlatform } from '../../../src/worker/nodePlatform';
import { OPTIONS } from '../worker/helpers';
import { PYTHON, python, requireTorch } from './python';

const dir = mkdtempSync(join(tmpdir(), 'bpl-export-'));
const quiet = { out: () => {}, err: (t: string) => { throw new Error(t); }, isTTY: false };

/** 60 rows of three features and a class column (or a numeric target), deterministic. */
function csvText(target: (i: number) => string): string {
  const rows = ['x1,x2,x3,target'];
  for (let i = 0; i < 60; i++) rows.push(`${Math.sin(i).toFixed(6)},${(5 * Math.cos(1.3 * i) + 2).toFixed(4)},${i % 7},${target(i)}`);
  return `${rows.join('\n')}\n`;
}
writeFileSync(join(dir, 'three.csv'), csvText((i) => ['cat', 'dog', 'eel'][(i * 7 + (i % 5)) % 3]));
writeFileSync(join(dir, 'two.csv'), csvText((i) => (Math.sin(i) + Math.cos(1.3 * i) > 0 ? 'yes' : 'no')));
writeFileSync(join(dir, 'values.csv'), csvText((i) => (Math.sin(i) * 3 + (i % 7) / 2).toFixed(5)));

interface Case { name: string; hidden: string; output: string; units: number; loss: string; file: string; optimizer: object; epochs: number; batchSize: number; l2?: number; normalize?: string; testFraction?: number; task?: string }

function specText(c: Case): string {
  return JSON.stringify({
    name: c.name, seed: 3, init: c.hidden === 'relu' ? 'he' : 'xavier',
    data: { csv: c.file, target: 'target', normalize: c.normalize ?? 'standardize', testFraction: c.testFraction ?? 0, ...(c.task ? { task: c.task } : {}) },
    layers: [{ units: 3 }, { units: 5, activation: c.hidden }, { units: 4, activation: c.hidden }, { units: c.units, activation: c.output }],
    loss: c.loss, optimizer: c.optimizer, training: { epochs: c.epochs, batchSize: c.batchSize }, regularization: { l2: c.l2 ?? 0 },
  });
}

const sgd = { type: 'sgd', learningRate: 0.3 };
const cases: Case[] = [];
for (const hidden of ['sigmoid', 'tanh', 'relu']) {
  for (const [output, units, file] of [['softmax', 3, 'three.csv'], ['sigmoid', 1, 'two.csv']] as const) {
    for (const loss of ['mse', 'cross_entropy']) {
      cases.push({ name: `sgd-${hidden}-${output}-${loss}`, hidden, output, units, loss, file, optimizer: sgd, epochs: 1, batchSize: 60 });
    }
  }
}
cases.push(
  { name: 'momentum-l2', hidden: 'tanh', output: 'softmax', units: 3, loss: 'cross_entropy', file: 'three.csv', optimizer: { type: 'momentum', learningRate: 0.2, momentum: 0.8 }, epochs: 4, batchSize: 60, l2: 0.01, normalize: 'minmax' },
  { name: 'adam-l2', hidden: 'relu', output: 'sigmoid', units: 1, loss: 'cross_entropy', file: 'two.csv', optimizer: { type: 'adam', learningRate: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-7 }, epochs: 4, batchSize: 60, l2: 0.02 },
  { name: 'adam-minibatch-regression-split', hidden: 'tanh', output: 'linear', units: 1, loss: 'mse', file: 'values.csv', optimizer: { type: 'adam', learningRate: 0.01 }, epochs: 2, batchSize: 8, testFraction: 0.25, task: 'regression' },
);

/** Flattened W and b of every layer of a saved model. */
function flat(modelPath: string): number[] {
  const model = JSON.parse(readFileSync(modelPath, 'utf8'));
  return model.layers.slice(1).flatMap((l: { weights: number[][]; biases: number[] }) => [...l.weights.flat(), ...l.biases]);
}

/** max |a − b| over max |b − start|: the difference relative to how far training moved the weights. */
function relativeToStep(a: number[], b: number[], start: number[]): number {
  let diff = 0, step = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    step = Math.max(step, Math.abs(b[i] - start[i]));
  }
  assert.ok(step > 1e-6, 'training moved the weights');
  return diff / step;
}

/** Writes the spec, exports it, and trains it with the engine (float64 reference trainer) from the exported init-model.json. */
function exportAndTrain(c: Case): { project: string; init: string; engine: string } {
  const spec = join(dir, `${c.name}.nn.json`);
  writeFileSync(spec, specText(c));
  const project = join(dir, c.name);
  assert.equal(main(['export', spec, '--to', 'pytorch', '--out', project], quiet), 0);
  const init = join(project, 'init-model.json');
  const engine = join(dir, `${c.name}.engine.json`);
  assert.equal(main(['train', spec, '--reference', '--init', init, '--save', engine, '--json'], quiet), 0);
  return { project, init, engine };
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => done(port));
    }).on('error', fail);
  });
}

/** One DistributedDataParallel rank started as torchrun would: the env:// variables, gloo on the CPU. */
function rank(project: string, r: number, port: number, out: string): Promise<void> {
  const env = { ...process.env, RANK: String(r), LOCAL_RANK: String(r), WORLD_SIZE: '2', MASTER_ADDR: '127.0.0.1', MASTER_PORT: String(port) };
  return new Promise((done, fail) => {
    const child = spawn(PYTHON, ['train.py', '--save-model', out], { cwd: project, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`rank ${r} exited ${code}:\n${err}`))));
  });
}

describe('export --to pytorch: parity with the engine (float64)', function () {
  this.timeout(300_000);

  it('one full-batch SGD step for sigmoid/tanh/relu hidden layers, softmax/sigmoid outputs, mse and cross-entropy; momentum, Adam, L2 and shuffled mini-batches over a few steps', function () {
    requireTorch(this);
    const runs = cases.map((c) => ({ c, ...exportAndTrain(c), torch: join(dir, `${c.name}.torch.json`) }));
    python([join(__dirname, 'run_projects.py'), JSON.stringify(runs.map((r) => [r.project, '--save-model', r.torch]))]);
    for (const r of runs) {
      const rel = relativeToStep(flat(r.torch), flat(r.engine), flat(r.init));
      assert.ok(rel <= 1e-9, `${r.c.name}: train.py differs from the engine by ${rel.toExponential(2)} of the step`);
    }
    const last = runs[runs.length - 1];
    const specPath = join(dir, `${last.c.name}.nn.json`);
    const continued = createActiveRun({ runId: 'continue', specPath, specText: readFileSync(specPath, 'utf8'), options: OPTIONS, initialModel: JSON.parse(readFileSync(last.torch, 'utf8')) }, 0, nodeWorkerPlatform);
    const startsFrom = continued.trainer.parameters().flatMap((p) => [...p.weights, ...p.biases]);
    assert.deepEqual(startsFrom, flat(last.torch), 'Continue Training (the worker) starts from the weights train.py saved');
    continued.trainer.dispose();
  });

  /** Trains case c with 2 gloo ranks and asserts rank 0's weights equal the engine's within 1e-9 of the step. */
  async function assertDdpParity(c: Case): Promise<void> {
    const { project, init, engine } = exportAndTrain(c);
    const port = await freePort();
    const ddp = join(dir, `${c.name}.rank0.json`);
    await Promise.all([rank(project, 0, port, ddp), rank(project, 1, port, join(dir, `${c.name}.rank1.json`))]);
    const rel = relativeToStep(flat(ddp), flat(engine), flat(init));
    assert.ok(rel <= 1e-9, `${c.name}: 2 ranks differ from the engine by ${rel.toExponential(2)} of the step`);
  }
  const ddpCase: Case = { name: 'ddp', hidden: 'tanh', output: 'softmax', units: 3, loss: 'cross_entropy', file: 'three.csv', optimizer: { type: 'adam', learningRate: 0.05 }, epochs: 3, batchSize: 60, l2: 0.01 };

  it('2 DistributedDataParallel ranks on equal shards land where one process and the engine do', async function () {
    requireTorch(this);
    await assertDdpParity(ddpCase);
  });

  it('2 DDP ranks land there too when batches do not split evenly: batches of 7 (shards of 4 and 3, a last batch of 4) and a last batch of one sample (one rank gets nothing)', async function () {
    requireTorch(this);
    await assertDdpParity({ ...ddpCase, name: 'ddp-uneven', batchSize: 7 });
    await assertDdpParity({ ...ddpCase, name: 'ddp-last-one', batchSize: 59, epochs: 2 });
  });
});
