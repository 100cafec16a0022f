import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { isGzip, parseIdx } from '../../../src/engine/data/idx';
import { idxDataset } from '../../../src/engine/data/idx-dataset';
import { assertDataError } from './helpers';

/** IDX bytes: 00 00 type D, big-endian dims, then the payload. */
function idxBytes(type: number, dims: number[], payload: number[]): Uint8Array {
  const header = [0, 0, type, dims.length];
  for (const d of dims) header.push((d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255);
  return Uint8Array.from([...header, ...payload]);
}

/** n images of rows × cols whose pixels are i·10 + k, and labels i mod classes. */
function images(n: number, rows = 2, cols = 2): Uint8Array {
  return idxBytes(0x08, [n, rows, cols], Array.from({ length: n * rows * cols }, (_, j) => (Math.floor(j / (rows * cols)) * 10 + (j % (rows * cols))) % 256));
}
const labels = (values: number[]): Uint8Array => idxBytes(0x08, [values.length], values);

describe('IDX parser', () => {
  it('reads ubyte images: dims, payload offset, values as a view', () => {
    const parsed = parseIdx(images(3), 'img');
    assert.equal(parsed.type, 'ubyte');
    assert.deepEqual(parsed.dims, [3, 2, 2]);
    assert.equal(parsed.payloadOffset, 16);
    assert.deepEqual(Array.from(parsed.values), [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23]);
  });

  it('decodes big-endian wider types', () => {
    const ints = parseIdx(idxBytes(0x0c, [2], [0, 0, 1, 2, 0xff, 0xff, 0xff, 0xfe]), 'ints');
    assert.deepEqual(Array.from(ints.values), [258, -2]);
    const doubles = parseIdx(idxBytes(0x0e, [1], [0x3f, 0xf8, 0, 0, 0, 0, 0, 0]), 'doubles');
    assert.deepEqual(Array.from(doubles.values), [1.5]);
  });

  it('a wrong magic number is an error at byte 0 naming the file', () => {
    const bad = images(1);
    bad[0] = 0x12;
    assertDataError(() => parseIdx(bad, 'x.idx'), { file: 'x.idx' }, /^x\.idx byte 0: wrong magic number 12 00 08 03/);
    assertDataError(() => parseIdx(idxBytes(0x07, [1], [0]), 'x.idx'), {}, /byte 0: wrong magic number 00 00 07 01/);
    assertDataError(() => parseIdx(Uint8Array.of(0, 0), 'x.idx'), {}, /byte 2: the file ends inside the 4-byte IDX magic number/);
  });

  it('a header cut short is an error at the byte where the file ends', () => {
    assertDataError(() => parseIdx(images(1).subarray(0, 10), 'x.idx'), {}, /byte 10: the file ends inside the header: 3 dimension sizes need 16 bytes/);
  });

  it('a truncated payload is an error at the byte where the file ends', () => {
    const cut = images(3).subarray(0, 16 + 11);
    assertDataError(() => parseIdx(cut, 't.idx'), { file: 't.idx' }, /^t\.idx byte 27: truncated: dimensions 3 × 2 × 2 of ubyte need 12 payload bytes after byte 16/);
  });

  it('extra bytes after the payload are an error at the first extra byte', () => {
    const long = Uint8Array.from([...images(1), 9, 9]);
    assertDataError(() => parseIdx(long, 'x.idx'), {}, /byte 20: 2 unexpected bytes/);
  });

  it('gzip bytes are detected, and parseIdx refuses them with a hint', () => {
    const gz = new Uint8Array(gzipSync(images(1)));
    assert.equal(isGzip(gz), true);
    assert.equal(isGzip(images(1)), false);
    assert.equal(isGzip(Uint8Array.of(0x1f)), false);
    assertDataError(() => parseIdx(gz, 'x.gz'), {}, /gzip-compressed/);
  });
});

describe('IDX data sets', () => {
  const img = (n: number) => parseIdx(images(n), 'img');
  const lab = (v: number[]) => parseIdx(labels(v), 'lab');

  it('bytes stay bytes with xScale 1/255; labels Int32Array; class names 0..max', () => {
    const d = idxDataset(img(4), lab([0, 1, 2, 1]), img(2), lab([2, 0]));
    assert.equal(d.inputSize, 4);
    assert.equal(d.outputSize, 3);
    assert.deepEqual(d.classNames, ['0', '1', '2']);
    assert.ok(d.train.x instanceof Uint8Array);
    assert.equal(d.train.xScale, 1 / 255);
    assert.deepEqual(Array.from(d.train.labels!), [0, 1, 2, 1]);
    assert.deepEqual(Array.from(d.test.x.subarray(4, 8)), [10, 11, 12, 13]);
    assert.equal(d.test.count, 2);
  });

  it('image and label counts must match, naming both files', () => {
    assertDataError(() => idxDataset(img(3), lab([0, 1])), { file: 'img' }, /img has 3 images but lab has 2 labels/);
  });

  it('limit keeps the first N training samples; testFraction splits them seeded', () => {
    const d = idxDataset(img(10), lab([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]), undefined, undefined, { limit: 8, testFraction: 0.25, seed: 3 });
    assert.equal(d.train.count, 6);
    assert.equal(d.test.count, 2);
    const again = idxDataset(img(10), lab([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]), undefined, undefined, { limit: 8, testFraction: 0.25, seed: 3 });
    assert.deepEqual(again.test.x, d.test.x);
    const firstPixels = [...Array.from({ length: 6 }, (_, i) => d.train.x[i * 4]), d.test.x[0], d.test.x[4]].sort((a, b) => a - b);
    assert.deepEqual(firstPixels, [0, 10, 20, 30, 40, 50, 60, 70]);
  });

  it('given class names are used, and a label past them is an error', () => {
    const names = ['a', 'b', 'c'];
    assert.deepEqual(idxDataset(img(2), lab([0, 2]), undefined, undefined, { classNames: names }).classNames, names);
    assertDataError(() => idxDataset(img(2), lab([0, 3]), undefined, undefined, { classNames: names }), {}, /label 3 has no class name/);
  });

  it('a single class, 1-D images and 2-D labels are refused', () => {
    assertDataError(() => idxDataset(img(2), lab([1, 0].map(() => 0))), {}, /single class/);
    assertDataError(() => idxDataset(parseIdx(idxBytes(8, [2], [1, 2]), 'flat'), lab([0, 1])), { file: 'flat' }, /needs ≥ 2 dimensions/);
    assertDataError(() => idxDataset(img(2), parseIdx(idxBytes(8, [2, 1], [0, 1]), 'lab2')), { file: 'lab2' }, /label file has 1 dimension/);
  });

  it('an empty image file and a bad limit are refused', () => {
    assertDataError(() => idxDataset(img(0), lab([])), { file: 'img' }, /holds no images/);
    assertDataError(() => idxDataset(img(2), lab([0, 1]), undefined, undefined, { limit: 2.5 }), {}, /limit must be an integer/);
  });

  it('a class only in the test files is refused', () => {
    assertDataError(() => idxDataset(img(2), lab([0, 1]), img(1), lab([2])), {}, /class "2" occurs in the test split but not in the training split/);
  });

  it('test images of another size are refused', () => {
    assertDataError(() => idxDataset(img(2), lab([0, 1]), parseIdx(images(1, 3, 3), 'small'), lab([0])), { file: 'small' }, /9 values per image/);
  });
});
