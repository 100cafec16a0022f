import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseIdx } from '../../../src/engine/data/idx';
import { idxDataset } from '../../../src/engine/data/idx-dataset';
import { DataError } from '../../../src/engine/data/dataset';

const SCALE = Number(process.env.FC_SCALE ?? 1);
const RUNS = 3000 * SCALE;

/** A valid ubyte IDX file of n images of 2 × 2, or of n labels < 3. */
function validIdx(n: number, kind: 'images' | 'labels'): number[] {
  const dims = kind === 'images' ? [n, 2, 2] : [n];
  const payload = Array.from({ length: kind === 'images' ? 4 * n : n }, (_, i) => (kind === 'images' ? i % 256 : i % 3));
  return [0, 0, 8, dims.length, ...dims.flatMap((d) => [0, 0, 0, d]), ...payload];
}

/** A valid file with random byte edits, a cut or extra bytes at the end. */
function damage(bytes: number[], edits: [number, number][], cut: number): Uint8Array {
  for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
  if (cut < 0) bytes.length = Math.max(0, bytes.length + cut);
  else for (let i = 0; i < cut; i++) bytes.push(7);
  return Uint8Array.from(bytes);
}

const edits = fc.oneof({ arbitrary: fc.constant<[number, number][]>([]), weight: 2 }, fc.array(fc.tuple(fc.nat(40), fc.nat(255)), { minLength: 1, maxLength: 3 }));
const cut = fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, fc.integer({ min: -8, max: 8 }));

/** An images/labels pair: both valid for the same n, then each possibly damaged; or random bytes. */
const pair = fc.oneof(
  fc.tuple(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 })),
  fc.record({ n: fc.integer({ min: 0, max: 6 }), labelN: fc.integer({ min: 0, max: 6 }), sameN: fc.boolean(), ie: edits, le: edits, ic: cut, lc: cut })
    .map(({ n, labelN, sameN, ie, le, ic, lc }): [Uint8Array, Uint8Array] =>
      [damage(validIdx(n, 'images'), ie, ic), damage(validIdx(sameN ? n : labelN, 'labels'), le, lc)]),
);

describe('IDX property tests (fast-check)', () => {
  it(`damaged or random bytes give a data set or a DataError naming the file (${RUNS} inputs)`, () => {
    let parsed = 0;
    fc.assert(fc.property(pair, ([images, labels]) => {
      try {
        idxDataset(parseIdx(images, 'img'), parseIdx(labels, 'lab'));
        parsed++;
      } catch (e) {
        if (!(e instanceof DataError)) throw e;
        assert.match(e.message, /^(img|lab)\b/);
        assert.ok(e.file === 'img' || e.file === 'lab', e.message);
      }
    }), { numRuns: RUNS });
    assert.ok(parsed > 0, 'some inputs should parse');
  });
});
