/** export --to onnx (checked with ONNX Runtime) and predict (checked against the engine's evaluation of the test split). */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { main } from '../../../src/cli/main';

const dir = mkdtempSync(join(tmpdir(), 'bpl-onnx-'));

function run(...argv: string[]) {
  const out: string[] = [];
  let err = '';
  const code = main(argv, { out: (l) => out.push(l), err: (t) => (err += t), isTTY: false });
  return { code, out, err };
}

/** Rows of three features on different scales and a target, deterministic. */
function csvText(from: number, count: number, target: (i: number) => string): string {
  const rows = ['x1,x2,x3,target'];
  for (let i = from; i < from + count; i++) rows.push(`${(100 * Math.sin(i)).toFixed(4)},${(5 * Math.cos(1.3 * i) + 2).toFixed(4)},${i % 7},${target(i)}`);
  return `${rows.join('\n')}\n`;
}
const animal = (i: number) => ['cat', 'dog', 'eel'][(Math.sin(i) > 0.3 ? 0 : Math.cos(1.3 * i) > 0 ? 1 : 2)];
const value = (i: number) => (Math.sin(i) * 3 + (i % 7) / 2).toFixed(5);
const yesNo = (i: number) => (Math.sin(i) + Math.cos(1.3 * i) > 0 ? 'yes' : 'no');

/** Writes data and spec, trains with the engine, saves the model; returns the paths and the final epoch line. */
function trained(name: string, target: (i: number) => string, layers: object[], loss: string, normalize: string, task?: string) {
  writeFileSync(join(dir, `${name}.csv`), csvText(0, 80, target));
  writeFileSync(join(dir, `${name}-test.csv`), csvText(80, 30, target));
  const spec = join(dir, `${name}.nn.json`);
  writeFileSync(spec, JSON.stringify({
    name, seed: 5, data: { csv: `${name}.csv`, testCsv: `${name}-test.csv`, target: 'target', normalize, ...(task ? { task } : {}) },
    layers, loss, optimizer: { type: 'adam', learningRate: 0.02 }, training: { epochs: 30, batchSize: 16 },
  }));
  const model = join(dir, `${name}.model.json`);
  const r = run('train', spec, '--save', model, '--json');
  assert.equal(r.code, 0, r.err);
  return { spec, model, test: join(dir, `${name}-test.csv`), done: JSON.parse(r.out[r.out.length - 1]) };
}

const classifier = trained('animals', animal, [{ units: 3 }, { units: 8, activation: 'tanh' }, { units: 3, activation: 'softmax' }], 'cross_entropy', 'standardize');
const binary = trained('yesno', yesNo, [{ units: 3 }, { units: 6, activation: 'relu' }, { units: 1, activation: 'sigmoid' }], 'cross_entropy', 'minmax');
const regression = trained('values', value, [{ units: 3 }, { units: 8, activation: 'sigmoid' }, { units: 4, activation: 'leaky_relu' }, { units: 1, activation: 'linear' }], 'mse', 'standardize', 'regression');

/** predict --json lines for a CSV. */
function predictions(model: string, csv: string): { line: number; class?: string; probabilities?: number[]; values?: number[] }[] {
  const r = run('predict', model, csv, '--json');
  assert.equal(r.code, 0, r.err);
  return r.out.map((l) => JSON.parse(l));
}

/** Raw feature rows of a CSV written by csvText (the target column dropped), as ONNX Runtime's float32 input. */
function rawFeatures(csv: string): { tensor: ort.Tensor; targets: string[] } {
  const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const tensor = new ort.Tensor('float32', Float32Array.from(rows.flatMap((r) => r.slice(0, 3).map(Number))), [rows.length, 3]);
  return { tensor, targets: rows.map((r) => r[3]) };
}

describe('export --to onnx and predict', () => {
  for (const [what, m, output] of [['a standardised classifier', classifier, 'probabilities'], ['a min-max scaled single sigmoid unit', binary, 'probabilities'], ['a regression model', regression, 'outputs']] as const) {
    it(`ONNX Runtime gives ${what} the engine's outputs within 1e-5 on raw CSV rows`, async () => {
      const onnxPath = join(dir, `${basename(m.model)}.onnx`);
      const r = run('export', m.spec, '--to', 'onnx', '--out', onnxPath, '--init', m.model);
      assert.equal(r.code, 0, r.err);
      const session = await ort.InferenceSession.create(onnxPath);
      assert.deepEqual([session.inputNames, session.outputNames], [['features'], [output]]);
      const { tensor } = rawFeatures(m.test);
      const result = (await session.run({ features: tensor }))[output];
      const expected = predictions(m.model, m.test).map((p) => p.probabilities ?? p.values!);
      assert.deepEqual(result.dims, [expected.length, expected[0].length]);
      const got = result.data as Float32Array;
      let worst = 0;
      expected.flat().forEach((v, i) => (worst = Math.max(worst, Math.abs(got[i] - v))));
      assert.ok(worst <= 1e-5, `ONNX Runtime differs from the engine by ${worst}`);
    });
  }

  it('without --init takes the latest run (saying so when there is none); writes class and feature names as metadata', () => {
    const r = run('export', classifier.spec, '--to', 'onnx', '--out', join(dir, 'latest.onnx'));
    assert.equal(r.code, 1);
    assert.match(r.err, /no saved run of .*animals\.nn\.json.*pass --init MODEL\.json/);
    const runDir = join(dir, '.backprop-lens', 'runs', 'animals-2026-12-02T10-00-00');
    mkdirSync(runDir, { recursive: true });
    copyFileSync(classifier.model, join(runDir, 'model.json'));
    const latest = run('export', classifier.spec, '--to', 'onnx', '--out', join(dir, 'latest.onnx'));
    assert.equal(latest.code, 0, latest.err);
    assert.match(latest.out[0], /from .*animals-2026-12-02T10-00-00.model\.json/);
    const bytes = readFileSync(join(dir, 'latest.onnx')).toString('latin1');
    assert.ok(bytes.includes('class_names') && bytes.includes('["cat","dog","eel"]') && bytes.includes('["x1","x2","x3"]'));
  });

  it('predict agrees with the engine evaluation of the test split: accuracy and mean cross-entropy', () => {
    for (const m of [classifier, binary]) {
      const { targets } = rawFeatures(m.test);
      const preds = predictions(m.model, m.test);
      const model = JSON.parse(readFileSync(m.model, 'utf8'));
      const accuracy = preds.filter((p, i) => p.class === targets[i]).length / preds.length;
      const loss = preds.reduce((s, p, i) => s - Math.log(p.probabilities![model.classNames.indexOf(targets[i])]), 0) / preds.length;
      assert.equal(accuracy, m.done.testAccuracy);
      assert.ok(Math.abs(loss - m.done.testLoss) <= 1e-9 * m.done.testLoss, `predict's loss ${loss}, the engine's ${m.done.testLoss}`);
    }
    const values = predictions(regression.model, regression.test);
    const mse = values.reduce((s, p, i) => s + 0.5 * (p.values![0] - Number(rawFeatures(regression.test).targets[i])) ** 2, 0) / values.length;
    assert.ok(Math.abs(mse - regression.done.testLoss) <= 1e-9 * regression.done.testLoss);
  });

  it('predict locates a bad row by file, line, column and feature name', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'x3,x1,x2\n1,2,3\n4,abc,6\n');
    const r = run('predict', classifier.model, bad);
    assert.equal(r.code, 1);
    assert.match(r.err, /bad\.csv line 3, column 2 \(x1\): "abc" is not a number/);
    writeFileSync(bad, 'x1,x2\n1,2\n');
    assert.match(run('predict', classifier.model, bad).err, /bad\.csv line 1: the model's feature "x3" is not a column/);
  });
});
