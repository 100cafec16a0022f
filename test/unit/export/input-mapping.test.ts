/**
 * The input mapping travels with the model: raw inputs into `predict` and into the exported ONNX graph give the
 * probabilities of an independent forward pass (plain loops over the saved weights) on the inputs as the trainer
 * mapped them: IDX ubyte pixels / 255, CSV features standardised or min-max scaled with training-split statistics.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { main } from '../../../src/cli/main';

const dir = mkdtempSync(join(tmpdir(), 'bpl-input-map-'));
const PIXELS = 16;

function run(...argv: string[]) {
  const out: string[] = [];
  let err = '';
  const code = main(argv, { out: (l) => out.push(l), err: (t) => (err += t), isTTY: false });
  return { code, out, err };
}

/** IDX bytes: 00 00 type D, big-endian dims, then the payload. */
function idxBytes(type: number, dims: number[], payload: number[]): Uint8Array {
  const header = [0, 0, type, dims.length];
  for (const d of dims) header.push((d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255);
  return Uint8Array.from([...header, ...payload]);
}

/** 4×4 ubyte images of three classes: class c lights row c (200–255) over noise (0–60), deterministic. */
function pixelsOf(i: number): { pixels: number[]; label: number } {
  const label = i % 3;
  const pixels = Array.from({ length: PIXELS }, (_, k) => (Math.floor(k / 4) === label ? 200 + ((i * 37 + k * 11) % 56) : (i * 13 + k * 29) % 61));
  return { pixels, label };
}

interface Trained { spec: string; model: string; rows: number[][]; csv: string; map: (raw: number[]) => number[] }

/** Trains an IDX spec (60 images) and returns raw rows of 12 other images and the trainer's map, pixel / 255. */
function trainedOnIdx(): Trained {
  const train = Array.from({ length: 60 }, (_, i) => pixelsOf(i));
  writeFileSync(join(dir, 'train-images.idx'), idxBytes(0x08, [60, 4, 4], train.flatMap((s) => s.pixels)));
  writeFileSync(join(dir, 'train-labels.idx'), idxBytes(0x08, [60], train.map((s) => s.label)));
  const spec = join(dir, 'pixels.nn.json');
  writeFileSync(spec, JSON.stringify({
    name: 'pixels', seed: 2, data: { idx: { trainImages: 'train-images.idx', trainLabels: 'train-labels.idx' } },
    layers: [{ units: PIXELS }, { units: 6, activation: 'sigmoid' }, { units: 3, activation: 'softmax' }],
    loss: 'cross_entropy', optimizer: { type: 'adam', learningRate: 0.05 }, training: { epochs: 15, batchSize: 10 },
  }));
  const model = join(dir, 'pixels.model.json');
  const r = run('train', spec, '--save', model, '--json');
  assert.equal(r.code, 0, r.err);
  const rows = Array.from({ length: 12 }, (_, i) => pixelsOf(100 + i).pixels);
  const csv = join(dir, 'pixels.csv');
  writeFileSync(csv, `${[Array.from({ length: PIXELS }, (_, k) => `p${k}`).join(','), ...rows.map((r) => r.join(','))].join('\n')}\n`);
  return { spec, model, rows, csv, map: (raw) => raw.map((v) => v / 255) };
}

/** CSV rows of two features on different scales; class "a" or "b". */
function csvRows(from: number, count: number): number[][] {
  return Array.from({ length: count }, (_, j) => [300 + 200 * Math.sin(from + j), -4 + 3 * Math.cos(1.7 * (from + j))]);
}

/** Trains a CSV spec normalised with `normalize`; the map uses statistics of the training rows computed here. */
function trainedOnCsv(normalize: 'standardize' | 'minmax'): Trained {
  const train = csvRows(0, 50);
  const label = (r: number[]) => ((r[0] - 300) / 200 + r[1] / 3 > -0.3 ? 'a' : 'b');
  writeFileSync(join(dir, `${normalize}.csv`), `x1,x2,y\n${train.map((r) => `${r.join(',')},${label(r)}`).join('\n')}\n`);
  const spec = join(dir, `${normalize}.nn.json`);
  writeFileSync(spec, JSON.stringify({
    name: normalize, seed: 4, data: { csv: `${normalize}.csv`, target: 'y', testFraction: 0, normalize },
    layers: [{ units: 2 }, { units: 5, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }],
    loss: 'cross_entropy', optimizer: { type: 'adam', learningRate: 0.05 }, training: { epochs: 20, batchSize: 10 },
  }));
  const model = join(dir, `${normalize}.model.json`);
  const r = run('train', spec, '--save', model, '--json');
  assert.equal(r.code, 0, r.err);
  const column = (k: number) => train.map((r) => r[k]);
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const shift = [0, 1].map((k) => (normalize === 'standardize' ? mean(column(k)) : Math.min(...column(k))));
  const scale = [0, 1].map((k) => (normalize === 'standardize'
    ? Math.sqrt(mean(column(k).map((x) => (x - shift[k]) ** 2)))
    : Math.max(...column(k)) - Math.min(...column(k))));
  const rows = csvRows(70, 10);
  const csv = join(dir, `${normalize}-raw.csv`);
  writeFileSync(csv, `x1,x2\n${rows.map((r) => r.join(',')).join('\n')}\n`);
  return { spec, model, rows, csv, map: (raw) => raw.map((v, k) => (v - shift[k]) / scale[k]) };
}

type Layer = { activation: string; weights: number[][]; biases: number[] };

/** a^L of one input by plain loops: z_j = Σ_k W_jk a_k + b_j, then the activation; one sigmoid unit → [1 − a, a]. */
function forwardByHand(layers: Layer[], input: number[]): number[] {
  let a = input;
  for (const layer of layers) {
    const z = layer.weights.map((row, j) => row.reduce((s, w, k) => s + w * a[k], layer.biases[j]));
    if (layer.activation === 'softmax') {
      const top = Math.max(...z);
      const e = z.map((v) => Math.exp(v - top));
      const sum = e.reduce((s, v) => s + v, 0);
      a = e.map((v) => v / sum);
    } else if (layer.activation === 'sigmoid') a = z.map((v) => 1 / (1 + Math.exp(-v)));
    else if (layer.activation === 'tanh') a = z.map(Math.tanh);
    else throw new Error(`no hand-written ${layer.activation}`);
  }
  return a.length === 1 ? [1 - a[0], a[0]] : a;
}

function maxDifference(got: ArrayLike<number>, expected: number[]): number {
  let worst = 0;
  expected.forEach((v, i) => (worst = Math.max(worst, Math.abs(got[i] - v))));
  return worst;
}

describe('the input mapping travels with the model (predict and ONNX on raw inputs)', () => {
  const cases: [string, () => Trained][] = [['IDX ubyte pixels (÷ 255)', trainedOnIdx], ['CSV standardize', () => trainedOnCsv('standardize')], ['CSV minmax', () => trainedOnCsv('minmax')]];
  for (const [what, make] of cases) {
    describe(what, () => {
      let t: Trained;
      let expected: number[][];
      before(() => {
        t = make();
        const layers = (JSON.parse(readFileSync(t.model, 'utf8')).layers as Layer[]).slice(1);
        expected = t.rows.map((raw) => forwardByHand(layers, t.map(raw)));
      });

      it('predict on raw rows gives the probabilities of a hand-written forward pass on the mapped inputs', () => {
        const r = run('predict', t.model, t.csv, '--json');
        assert.equal(r.code, 0, r.err);
        const got = r.out.map((l) => JSON.parse(l).probabilities as number[]);
        assert.equal(got.length, expected.length);
        const worst = maxDifference(got.flat(), expected.flat());
        assert.ok(worst <= 1e-12, `predict differs from the hand-written forward pass by ${worst}`);
      });

      it('ONNX Runtime on raw rows gives the same probabilities (float32, within 1e-5)', async () => {
        const onnx = join(dir, `${what.replace(/\W+/g, '-')}.onnx`);
        const r = run('export', t.spec, '--to', 'onnx', '--out', onnx, '--init', t.model);
        assert.equal(r.code, 0, r.err);
        const session = await ort.InferenceSession.create(onnx);
        const width = t.rows[0].length;
        const features = new ort.Tensor('float32', Float32Array.from(t.rows.flat()), [t.rows.length, width]);
        const got = (await session.run({ features })).probabilities;
        assert.deepEqual(got.dims, [expected.length, expected[0].length]);
        const worst = maxDifference(got.data as Float32Array, expected.flat());
        assert.ok(worst <= 1e-5, `ONNX Runtime differs from the hand-written forward pass by ${worst}`);
      });
    });
  }

  it('a model file saved before the mapping was recorded (no inputScale) still reads, with the identity map', () => {
    const t = trainedOnIdx();
    const json = JSON.parse(readFileSync(t.model, 'utf8'));
    delete json.inputScale;
    const old = join(dir, 'old.model.json');
    writeFileSync(old, JSON.stringify(json));
    const r = run('predict', old, t.csv, '--json');
    assert.equal(r.code, 0, r.err);
    const layers = (json.layers as Layer[]).slice(1);
    const got = r.out.map((l) => JSON.parse(l).probabilities as number[]).flat();
    assert.ok(maxDifference(got, t.rows.flatMap((raw) => forwardByHand(layers, raw))) <= 1e-12);
  });

  it('a malformed inputScale is refused as an unusable model, naming the field', () => {
    const t = trainedOnCsv('minmax');
    const json = JSON.parse(readFileSync(t.model, 'utf8'));
    json.inputScale = -1;
    const bad = join(dir, 'bad-scale.model.json');
    writeFileSync(bad, JSON.stringify(json));
    const r = run('predict', bad, t.csv);
    assert.equal(r.code, 1);
    assert.match(r.err, /bad-scale\.model\.json: not a usable model \(inputScale: expected a finite number > 0\)/);
  });
});
