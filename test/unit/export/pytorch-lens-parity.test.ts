/**
 * The exported PyTorch project, watched by its own copy of backprop_lens (`train.py --lens`), records the same series
 * as the engine: float64, full batch, the same starting weights (init-model.json), ‖δ^l‖ and the rest within 1e-9.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { prepare } from '../../../src/cli/commands';
import { inputMappingFromModelJson, parametersFromModelJson } from '../../../src/engine/model/model';
import { layerSteps } from '../../../src/engine/record/recorder';
import { chooseTrainer } from '../../../src/engine/train/run';
import { run } from '../cli/helpers';
import { python, requireTorch } from './python';

const SERIES = ['deltaNorm', 'deadShare', 'saturatedShare', 'gradNorm', 'weightNorm', 'updateRatio'] as const;
const STEPS = 12;
const quiet = { out: () => {}, err: (t: string) => { throw new Error(t); }, isTTY: false };

/** 60 rows of three features and a class (or a value), deterministic. */
function csvText(target: (i: number) => string): string {
  const rows = ['x1,x2,x3,target'];
  for (let i = 0; i < 60; i++) rows.push(`${Math.sin(i).toFixed(6)},${(5 * Math.cos(1.3 * i) + 2).toFixed(4)},${i % 7},${target(i)}`);
  return `${rows.join('\n')}\n`;
}

interface Case { name: string; hidden: string; output: string; units: number; loss: string; file: string; init: string }
const cases: Case[] = [
  { name: 'tanh-softmax-ce', hidden: 'tanh', output: 'softmax', units: 3, loss: 'cross_entropy', file: 'three.csv', init: 'xavier' },
  { name: 'relu-sigmoid-mse', hidden: 'relu', output: 'sigmoid', units: 1, loss: 'mse', file: 'two.csv', init: 'he' },
  { name: 'sigmoid-softmax-mse', hidden: 'sigmoid', output: 'softmax', units: 3, loss: 'mse', file: 'three.csv', init: 'xavier' },
  { name: 'relu-linear-regression', hidden: 'relu', output: 'linear', units: 1, loss: 'mse', file: 'values.csv', init: 'he' },
];

function specText(c: Case): string {
  return JSON.stringify({
    name: c.name, seed: 7, init: c.init, precision: 'float64',
    data: { csv: c.file, target: 'target', normalize: 'standardize', testFraction: 0, ...(c.output === 'linear' ? { task: 'regression' } : {}) },
    layers: [{ units: 3 }, { units: 6, activation: c.hidden }, { units: 5, activation: c.hidden }, { units: c.units, activation: c.output }],
    loss: c.loss, optimizer: { type: 'sgd', learningRate: 0.5 }, training: { epochs: STEPS, batchSize: 60 },
  });
}

/** The engine's record entries, step after step, trained by the float64 reference trainer from init-model.json. */
function engineSteps(specPath: string, initPath: string) {
  const model = JSON.parse(readFileSync(initPath, 'utf8'));
  const { spec, dataset } = prepare(specPath, { savedNormalization: inputMappingFromModelJson(model).normalization });
  const { trainer } = chooseTrainer(spec, dataset, { initial: parametersFromModelJson(model), fast: false });
  const steps = [];
  for (let s = 0; s < STEPS; s++) {
    trainer.holdWeights();
    const { loss } = trainer.trainStep();
    steps.push({ loss, layers: layerSteps(trainer.snapshot(), trainer.weightNorms()) });
  }
  trainer.dispose();
  return steps;
}

/** |a − b| ≤ 1e-9 · max(|a|, |b|) (+1e-15 for values that are 0 up to rounding). */
function assertClose(actual: number | null, expected: number, what: string): void {
  assert.ok(actual !== null && Math.abs(actual - expected) <= 1e-9 * Math.max(Math.abs(actual), Math.abs(expected)) + 1e-15, `${what}: ${actual} ≠ ${expected}`);
}

describe('export --to pytorch, watched: train.py --lens records what the engine records (float64, full batch)', function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bpl-lens-parity-'));
    writeFileSync(join(dir, 'three.csv'), csvText((i) => ['cat', 'dog', 'eel'][(i * 7 + (i % 5)) % 3]));
    writeFileSync(join(dir, 'two.csv'), csvText((i) => (Math.sin(i) + Math.cos(1.3 * i) > 0 ? 'yes' : 'no')));
    writeFileSync(join(dir, 'values.csv'), csvText((i) => (Math.sin(i) * 3 + (i % 7) / 2).toFixed(5)));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`‖δ^l‖, dead and saturated shares, ‖∂E/∂W^l‖, ‖W^l‖, update ratio and loss over ${STEPS} steps equal the engine's within 1e-9 (tanh, relu, sigmoid; softmax + cross-entropy, sigmoid, softmax and linear + mse)`, function () {
    requireTorch(this);
    for (const c of cases) {
      const spec = join(dir, `${c.name}.nn.json`), project = join(dir, c.name), lens = join(dir, `${c.name}-lens`);
      writeFileSync(spec, specText(c));
      assert.equal(main(['export', spec, '--to', 'pytorch', '--out', project], quiet), 0);
      assert.ok(existsSync(join(project, 'backprop_lens', 'lens.py')), 'the project carries the lens');
      python([join(project, 'train.py'), '--lens', lens], { cwd: dir, env: { ...process.env, PYTHONPATH: '' } });
      const r = run('record', lens, '--json');
      assert.equal(r.code, 0, r.err);
      const record = JSON.parse(r.out[0]);
      assert.deepEqual(record.layers.map((l: { activation: string }) => l.activation), [c.hidden, c.hidden, c.output], `${c.name}: the activations train.py gave the lens`);
      assert.deepEqual(record.steps, Array.from({ length: STEPS }, (_, i) => i + 1));
      assert.equal(record.ended, true);
      const lines = readFileSync(join(lens, 'record.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      engineSteps(spec, join(project, 'init-model.json')).forEach((want, s) => {
        assertClose(record.loss[s], want.loss, `${c.name} step ${s + 1} loss`);
        want.layers.forEach((layer, l) => {
          for (const key of SERIES) assertClose(record[key][l][s], layer[key], `${c.name} step ${s + 1} layer ${l + 1} ${key}`);
          Array.from(layer.deltaMean).forEach((v, j) => assertClose(lines[s].deltaMean[l][j], v, `${c.name} step ${s + 1} layer ${l + 1} mean δ unit ${j}`));
        });
      });
    }
  });
});
