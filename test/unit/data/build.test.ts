import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync, gunzipSync } from 'node:zlib';
import { buildDataset, ReadDataFile } from '../../../src/engine/data/index';
import { NetworkSpec, DataSpec } from '../../../src/engine/spec/types';
import { assertDataError } from './helpers';

const specWith = (data: DataSpec, seed?: number): NetworkSpec => ({
  seed, data, layers: [{ units: 2 }], loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.1 }, training: { epochs: 1, batchSize: 1 },
});

/** A readFile over an in-memory map; records what was asked. */
function memoryFiles(files: Record<string, string | Uint8Array>, asked: string[] = []): ReadDataFile {
  return (path, as) => {
    asked.push(`${path}:${as}`);
    const content = files[path];
    if (content === undefined) throw new Error(`ENOENT: no such file '${path}'`);
    return content;
  };
}

const idx = (type: number, dims: number[], payload: number[]): Uint8Array =>
  Uint8Array.from([0, 0, type, dims.length, ...dims.flatMap((d) => [0, 0, d >> 8, d & 255]), ...payload]);

describe('buildDataset', () => {
  it('builtin: generated with spec.seed (default 1), no file read', () => {
    const asked: string[] = [];
    const a = buildDataset(specWith({ builtin: 'moons', samples: 20 }), memoryFiles({}, asked));
    const b = buildDataset(specWith({ builtin: 'moons', samples: 20 }, 1), memoryFiles({}));
    const c = buildDataset(specWith({ builtin: 'moons', samples: 20 }, 2), memoryFiles({}));
    assert.deepEqual(a.train.x, b.train.x);
    assert.notDeepEqual(a.train.x, c.train.x);
    assert.deepEqual(asked, []);
  });

  it('csv: reads the file and the test file as text, named by its base name', () => {
    const asked: string[] = [];
    const files = memoryFiles({ 'data/train.csv': 'a,y\n1,p\n2,q\n', 'data/test.csv': 'a,y\n3,q\n' }, asked);
    const d = buildDataset(specWith({ csv: 'data/train.csv', target: 'y', testCsv: 'data/test.csv' }), files);
    assert.deepEqual(asked, ['data/train.csv:text', 'data/test.csv:text']);
    assert.equal(d.name, 'train.csv');
    assert.equal(d.test.count, 1);
  });

  it('csv: integer targets become classes with a cross-entropy loss, stay numbers with mse', () => {
    const files = memoryFiles({ 'd.csv': 'a,y\n1,0\n2,1\n' });
    const data: DataSpec = { csv: 'd.csv', target: 'y' };
    assert.equal(buildDataset({ ...specWith(data), loss: 'cross_entropy' }, files).task, 'classification');
    assert.equal(buildDataset({ ...specWith(data), loss: 'mse' }, files).task, 'regression');
  });

  it('csv errors name the path as written in the spec', () => {
    const files = memoryFiles({ 'data/train.csv': 'a,y\n1,p\nx,q\n' });
    assertDataError(() => buildDataset(specWith({ csv: 'data/train.csv', target: 'y' }), files), { file: 'data/train.csv', line: 3, column: 1 }, /not a number/);
  });

  it('a missing file is a DataError naming the path', () => {
    assertDataError(() => buildDataset(specWith({ csv: 'gone.csv', target: 'y' }), memoryFiles({})), { file: 'gone.csv' }, /cannot read gone\.csv: ENOENT/);
  });

  it('idx: gzipped files go through the gunzip callback; without one they are refused', () => {
    const files = memoryFiles({
      'i.gz': new Uint8Array(gzipSync(idx(8, [2, 1, 2], [0, 255, 255, 0]))),
      'l': idx(8, [2], [0, 1]),
    });
    const data: DataSpec = { idx: { trainImages: 'i.gz', trainLabels: 'l' } };
    const d = buildDataset(specWith(data), files, { gunzip: (b) => new Uint8Array(gunzipSync(b)) });
    assert.equal(d.inputSize, 2);
    assert.equal(d.train.count, 2);
    assertDataError(() => buildDataset(specWith(data), files), { file: 'i.gz' }, /gzip-compressed and no gunzip/);
    assertDataError(() => buildDataset(specWith(data), files, { gunzip: () => { throw new Error('bad stream'); } }), { file: 'i.gz' }, /not a valid gzip stream/);
  });

  it('refuses a data spec that names no known source', () => {
    assertDataError(() => buildDataset(specWith({} as DataSpec), memoryFiles({})), {}, /exactly one of/);
  });

  // Runs where Debian's dataset-fashion-mnist is installed (.ci/run installs it); skipped on a machine without it.
  const fashion = '/usr/share/datasets/fashion-mnist';
  (existsSync(`${fashion}/t10k-labels-idx1-ubyte.gz`) ? it : it.skip)('reads the installed Fashion-MNIST test files (10,000 × 784, 10 classes)', () => {
    const data: DataSpec = { idx: { trainImages: `${fashion}/t10k-images-idx3-ubyte.gz`, trainLabels: `${fashion}/t10k-labels-idx1-ubyte.gz` }, limit: 1000 };
    const d = buildDataset(specWith(data), (p) => new Uint8Array(readFileSync(p)), { gunzip: (b) => new Uint8Array(gunzipSync(b)) });
    assert.equal(d.inputSize, 784);
    assert.equal(d.outputSize, 10);
    assert.equal(d.train.count, 1000);
    assert.deepEqual(Array.from(d.train.labels!.subarray(0, 5)), [9, 2, 1, 1, 6]);
  });
});
