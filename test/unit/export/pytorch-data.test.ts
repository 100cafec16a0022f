/**
 * The exported data.py reads every spec the engine trains: for a table of spec shapes (classification / regression,
 * with / without a test split, CSV / IDX / builtin, and --init's saved normalisation) the tensors it yields through
 * real torch hold the engine's own dataset: same rows in the same order, same classes, same mapped values.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepare } from '../../../src/cli/commands';
import { main } from '../../../src/cli/main';
import { feature, type Dataset, type NormalizationStats, type Split } from '../../../src/engine/data/dataset';
import { dataPy } from '../../../src/engine/export/pytorch-data';
import { python, requireTorch } from './python';

const dir = mkdtempSync(join(tmpdir(), 'bpl-data-py-'));
const quiet = { out: () => {}, err: (t: string) => { throw new Error(t); }, isTTY: false };

/** A CSV of three features on different scales and a target column from `target(i)`. */
function writeCsv(name: string, from: number, count: number, target: (i: number) => string): string {
  const rows = ['x1,x2,x3,target'];
  for (let i = from; i < from + count; i++) rows.push(`${(40 * Math.sin(i)).toFixed(5)},${(3 * Math.cos(1.3 * i) - 7).toFixed(6)},${i % 9},${target(i)}`);
  writeFileSync(join(dir, name), `${rows.join('\n')}\n`);
  return name;
}

/** IDX bytes: 00 00 type D, big-endian dims, then the payload. */
function idxBytes(type: number, dims: number[], payload: number[]): Uint8Array {
  const header = [0, 0, type, dims.length];
  for (const d of dims) header.push((d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255);
  return Uint8Array.from([...header, ...payload]);
}

/** `count` 3×3 images and labels 0–2: ubyte pixels, or float32 (type 0x0D) values in [0, 1). */
function writeIdx(name: string, count: number, float = false): { images: string; labels: string } {
  const values = Array.from({ length: count * 9 }, (_, j) => (j * 37 + Math.floor(j / 9) * 11) % 256);
  const payload = float ? values.flatMap((v) => [...new Uint8Array(new Float32Array([v / 256]).buffer)].reverse()) : values;
  writeFileSync(join(dir, `${name}-images.idx`), idxBytes(float ? 0x0d : 0x08, [count, 3, 3], payload));
  writeFileSync(join(dir, `${name}-labels.idx`), idxBytes(0x08, [count], Array.from({ length: count }, (_, i) => (i * 2 + (i % 5)) % 3)));
  return { images: `${name}-images.idx`, labels: `${name}-labels.idx` };
}

const numberLike = (i: number) => ['1e-05', '1_000', '2.50', '1e21', ' 0.1 '][i % 5];
const catDog = (i: number) => (Math.sin(i) + Math.cos(1.3 * i) > 0 ? 'cat' : 'dog');
const integerClass = (i: number) => ['0', '1.0', '2'][(i * 7) % 3];
const value = (i: number) => (Math.sin(i) * 3 + (i % 7) / 2).toFixed(5);
const idxSplit = writeIdx('split', 40), idxTest = writeIdx('test', 12), idxFloat = writeIdx('float', 30, true);

interface Row { name: string; data: object; width: number; output: [units: number, activation: string]; loss: string; init?: 'shifted' }
const classes3: [number, string] = [3, 'softmax'];
const rows: Row[] = [
  { name: 'csv-class-split-number-like', data: { csv: writeCsv('labels.csv', 0, 50, numberLike), target: 'target', testFraction: 0.2, normalize: 'standardize' }, width: 3, output: [5, 'softmax'], loss: 'cross_entropy' },
  { name: 'csv-class-nosplit-one-unit', data: { csv: writeCsv('catdog.csv', 0, 40, catDog), target: 'target', testFraction: 0, normalize: 'minmax' }, width: 3, output: [1, 'sigmoid'], loss: 'cross_entropy' },
  { name: 'csv-class-testcsv-integers', data: { csv: writeCsv('ints.csv', 0, 45, integerClass), testCsv: writeCsv('ints-test.csv', 45, 15, integerClass), target: 'target', normalize: 'standardize' }, width: 3, output: classes3, loss: 'cross_entropy' },
  { name: 'csv-regression-split', data: { csv: writeCsv('values.csv', 0, 40, value), target: 'target', testFraction: 0.25, normalize: 'standardize', task: 'regression' }, width: 3, output: [1, 'linear'], loss: 'mse' },
  { name: 'csv-regression-nosplit', data: { csv: 'values.csv', target: 'target', testFraction: 0, task: 'regression' }, width: 3, output: [1, 'linear'], loss: 'mse' },
  { name: 'csv-init-saved-normalisation', data: { csv: 'values.csv', target: 'target', testFraction: 0.25, normalize: 'standardize', task: 'regression' }, width: 3, output: [1, 'linear'], loss: 'mse', init: 'shifted' },
  { name: 'idx-split-limit', data: { idx: { trainImages: idxSplit.images, trainLabels: idxSplit.labels }, testFraction: 0.25, limit: 36 }, width: 9, output: classes3, loss: 'cross_entropy' },
  { name: 'idx-nosplit', data: { idx: { trainImages: idxSplit.images, trainLabels: idxSplit.labels }, testFraction: 0 }, width: 9, output: classes3, loss: 'cross_entropy' },
  { name: 'idx-testfiles', data: { idx: { trainImages: idxSplit.images, trainLabels: idxSplit.labels, testImages: idxTest.images, testLabels: idxTest.labels } }, width: 9, output: classes3, loss: 'cross_entropy' },
  { name: 'idx-float-split', data: { idx: { trainImages: idxFloat.images, trainLabels: idxFloat.labels }, testFraction: 0.2 }, width: 9, output: classes3, loss: 'mse' },
  { name: 'builtin-class-split', data: { builtin: 'circle', samples: 60, testFraction: 0.2 }, width: 2, output: [2, 'softmax'], loss: 'cross_entropy' },
  { name: 'builtin-class-nosplit', data: { builtin: 'xor', samples: 40, testFraction: 0 }, width: 2, output: [1, 'sigmoid'], loss: 'cross_entropy' },
  { name: 'builtin-regression-split', data: { builtin: 'sine', samples: 50, testFraction: 0.2 }, width: 1, output: [1, 'linear'], loss: 'mse' },
  { name: 'builtin-regression-nosplit', data: { builtin: 'sine', samples: 50, testFraction: 0 }, width: 1, output: [1, 'linear'], loss: 'mse' },
];

type Tensor = { shape: number[]; values: number[] };
interface Loaded {
  error?: string;
  x_train: Tensor; y_train: Tensor; x_test: Tensor; y_test: Tensor;
  labels_train: number[] | null; labels_test: number[] | null;
  normalization: NormalizationStats | null; inputScale: number; classNames: string[] | null;
  savedMapping: { inputScale: number; normalization: NormalizationStats | null };
}

/** Writes the row's spec and exports it (with --init, a model whose saved normalisation differs from the fitted one). */
function exported(row: Row): { project: string; dataset: Dataset } {
  const spec = join(dir, `${row.name}.nn.json`);
  writeFileSync(spec, JSON.stringify({
    name: row.name, seed: 7, data: row.data, loss: row.loss,
    layers: [{ units: row.width }, { units: 4, activation: 'tanh' }, { units: row.output[0], activation: row.output[1] }],
    optimizer: { type: 'sgd', learningRate: 0.1 }, training: { epochs: 1, batchSize: 8 },
  }));
  const project = join(dir, row.name);
  if (!row.init) {
    assert.equal(main(['export', spec, '--to', 'pytorch', '--out', project], quiet), 0);
    return { project, dataset: prepare(spec).dataset };
  }
  assert.equal(main(['export', spec, '--to', 'pytorch', '--out', `${project}-fresh`], quiet), 0);
  const model = JSON.parse(readFileSync(join(`${project}-fresh`, 'init-model.json'), 'utf8'));
  const fitted = model.normalization as NormalizationStats;
  model.normalization = { ...fitted, shift: fitted.shift.map((v) => v + 0.5), scale: fitted.scale.map((v) => v * 2) };
  writeFileSync(join(dir, `${row.name}.model.json`), JSON.stringify(model));
  assert.equal(main(['export', spec, '--to', 'pytorch', '--out', project, '--init', join(dir, `${row.name}.model.json`)], quiet), 0);
  return { project, dataset: prepare(spec, { savedNormalization: model.normalization }).dataset };
}

/** Features of a split as the engine feeds them (x · xScale, after normalisation), [count, width]. */
function engineX(d: Dataset, s: Split): Tensor {
  return { shape: [s.count, d.inputSize], values: Array.from({ length: s.count * d.inputSize }, (_, j) => feature(s, d.inputSize, Math.floor(j / d.inputSize), j % d.inputSize)) };
}

/** Y as the engine fills it: one-hot rows, the label itself for one output unit, or the regression targets. */
function engineY(s: Split, units: number): Tensor {
  if (!s.labels) return { shape: [s.count, 1], values: Array.from(s.targets!) };
  if (units === 1) return { shape: [s.count, 1], values: Array.from(s.labels) };
  return { shape: [s.count, units], values: Array.from(s.labels).flatMap((c) => Array.from({ length: units }, (_, j) => (j === c ? 1 : 0))) };
}

function assertTensor(got: Tensor, expected: Tensor, what: string): void {
  assert.deepEqual(got.shape, expected.shape, `${what}: shape`);
  let worst = 0;
  expected.values.forEach((v, i) => (worst = Math.max(worst, Math.abs(got.values[i] - v))));
  assert.ok(worst <= 1e-12, `${what}: differs from the engine by ${worst}`);
}

describe('export --to pytorch: data.py yields the engine\'s dataset for every spec shape (real torch)', function () {
  this.timeout(300_000);

  it(`${rows.length} specs: classification/regression × with/without a test split × CSV/IDX/builtin, and --init`, function () {
    requireTorch(this);
    const projects = rows.map((row) => ({ row, ...exported(row) }));
    const loaded = JSON.parse(python([join(__dirname, 'dump_data.py'), JSON.stringify(projects.map((p) => p.project))]).stdout) as Record<string, Loaded>;
    const failures: string[] = [];
    for (const { row, project, dataset: d } of projects) {
      const got = loaded[project];
      try {
        assert.equal(got.error, undefined, 'data.py raised');
        assert.deepEqual(got.classNames, d.classNames);
        for (const [part, split] of [['train', d.train], ['test', d.test]] as const) {
          assertTensor(got[`x_${part}`], engineX(d, split), `x_${part}`);
          assertTensor(got[`y_${part}`], engineY(split, row.output[0]), `y_${part}`);
          assert.deepEqual(got[`labels_${part}`], split.labels ? Array.from(split.labels) : null, `labels_${part}`);
        }
        const mapping = { inputScale: d.train.xScale, normalization: d.normalization };
        for (const [what, m] of [['load_data', got], ['model.json of model.py', got.savedMapping]] as const) {
          assert.equal(m.inputScale, mapping.inputScale, `${what}: inputScale`);
          assert.equal(m.normalization?.method, mapping.normalization?.method, `${what}: normalisation method`);
          if (mapping.normalization) {
            const flat = (n: NormalizationStats) => ({ shape: [2, n.shift.length], values: [...n.shift, ...n.scale] });
            assertTensor(flat(m.normalization!), flat(mapping.normalization), `${what}: normalisation`);
          }
        }
      } catch (e) {
        failures.push(`${row.name}: ${(e as Error).message.split('\n')[0]}${got?.error ? ` (${got.error})` : ''}`);
      }
    }
    assert.deepEqual(failures, [], failures.join('\n'));
  });

  it('class names of number cells are written as JavaScript writes them (String(v)), over tricky and random values', function () {
    requireTorch(this);
    const project = join(dir, 'class-names');
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'data.py'), dataPy({ kind: 'csv', files: {}, target: 'y', testFraction: 0, normalize: 'none', savedNormalization: null, task: 'classification', classNames: null, featureNames: null, outputUnits: 1, limit: null, seed: 1 }));
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const values = [0, -0, 1, -1, 0.1, 1e-7, 1e-6, 1.5e-7, 0.000001234, 1e20, 1e21, 1.5e21, 123456789012345680000, 2 ** 53, 5e-324, 1.7976931348623157e308, -2.5e-9, 100, 1e300];
    for (let i = 0; i < 300; i++) values.push((random() - 0.5) * 10 ** Math.floor(random() * 60 - 30), Math.round(random() * 1e6) / 10 ** Math.floor(random() * 8));
    const cells = values.map((v) => v.toExponential(16));
    const script = `import json, sys; sys.path.insert(0, ${JSON.stringify(project)}); import data; print(json.dumps([data.class_name(c) for c in json.loads(sys.argv[1])]))`;
    const got = JSON.parse(python(['-c', script, JSON.stringify([...cells, '1_000', 'nan', 'inf', '1e400', ' 7.0 '])]).stdout) as string[];
    assert.deepEqual(got, [...values.map((v) => String(v)), '1_000', 'nan', 'inf', '1e400', '7']);
  });

  it('export --to pytorch --init refuses a model normalised with another method than the spec, as train --init does', () => {
    const spec = join(dir, 'refused.nn.json');
    writeFileSync(spec, JSON.stringify({
      name: 'refused', data: { csv: 'values.csv', target: 'target', testFraction: 0.25, normalize: 'standardize', task: 'regression' }, loss: 'mse',
      layers: [{ units: 3 }, { units: 1, activation: 'linear' }], optimizer: { type: 'sgd', learningRate: 0.1 }, training: { epochs: 1, batchSize: 8 },
    }));
    const model = join(dir, 'unnormalised.model.json');
    writeFileSync(model, JSON.stringify({ format: 'backprop-lens/model@1', name: 'm', loss: 'mse', task: 'regression', layers: [{ units: 3 }, { units: 1, activation: 'linear', weights: [[1, 2, 3]], biases: [0] }], classNames: null, featureNames: null, normalization: null, trainedSteps: 0 }));
    for (const [command, out] of [['export', ['--to', 'pytorch', '--out', join(dir, 'refused')]], ['train', []]] as const) {
      let err = '';
      const code = main([command, spec, ...out, '--init', model], { out: () => {}, err: (t) => (err += t), isTTY: false });
      assert.equal(code, 1, `${command}: ${err}`);
      assert.match(err, /the model was trained on inputs normalised with "none", the spec's data\.normalize is "standardize"/, command);
    }
  });
});
