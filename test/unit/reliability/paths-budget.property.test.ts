// Property tests: data path containment over generated paths (.., ., absolute, symlinks in and out) checked against
// the file system's own realpath; the CSV size estimate bounds the parsed data set for generated CSVs.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseCsvDataset } from '../../../src/engine/data';
import { estimateCsvBytes } from '../../../src/engine/train/resources-data';
import { PathRefusedError, resolveDataPath } from '../../../src/node/paths';
import { tempDir } from './helpers';

const RUNS = Number(process.env.RELIABILITY_RUNS ?? 20_000);
const inside = (root: string, p: string) => { const r = relative(root, p); return r === '' || (!r.startsWith('..') && !isAbsolute(r)); };

describe('reliability: properties of path containment and the CSV estimate (fast-check)', function () {
  this.timeout(120_000);
  let root: string, ws: string, spec: string;
  before(() => {
    root = realpathSync(tempDir());
    ws = join(root, 'ws');
    for (const dir of ['ws/a/b', 'ws/c', 'out/d']) mkdirSync(join(root, dir), { recursive: true });
    for (const file of ['ws/a/f.csv', 'ws/a/b/g.csv', 'ws/c/h.csv', 'out/s.csv', 'out/d/t.csv']) writeFileSync(join(root, file), 'x');
    symlinkSync(join(root, 'out'), join(ws, 'a', 'out-link'));
    symlinkSync(join(root, 'out', 's.csv'), join(ws, 'c', 's-link.csv'));
    symlinkSync(join(ws, 'a', 'b'), join(ws, 'c', 'b-link'));
    symlinkSync(join(ws, 'a', 'f.csv'), join(root, 'out', 'back-in.csv'));
    spec = join(ws, 'a', 'spec.nn.json');
  });

  it(`${RUNS} generated paths: the result is always inside the workspace, and refused exactly when the real target is outside`, () => {
    const segment = fc.constantFrom('..', '.', 'a', 'b', 'c', 'd', 'out', 'ws', 'out-link', 'b-link', 's-link.csv', 'f.csv', 'g.csv', 'h.csv', 's.csv', 't.csv', 'back-in.csv', 'missing.csv');
    const written = fc.tuple(fc.boolean(), fc.array(segment, { minLength: 1, maxLength: 7 })).map(([absolute, parts]) => (absolute ? join(root, ...parts) : parts.join('/')));
    let refused = 0, accepted = 0;
    fc.assert(fc.property(written, (path) => {
      const lexical = resolve(dirname(spec), path);
      let real: string | null = null;
      try { real = realpathSync(lexical); } catch { /* missing */ }
      try {
        const result = resolveDataPath(spec, path, { workspaceRoot: ws });
        accepted++;
        assert.ok(inside(ws, result), `${path} → ${result} is outside`);
        if (real !== null) assert.equal(result, real, 'the real path is what gets read');
      } catch (error) {
        assert.ok(error instanceof PathRefusedError, `${path}: ${String(error)}`);
        refused++;
        if (real !== null) assert.ok(!inside(ws, real), `${path} was refused but ${real} is inside`);
      }
    }), { numRuns: RUNS });
    console.log(`      ${RUNS} paths: ${accepted} accepted, ${refused} refused`);
    assert.ok(refused > RUNS / 20 && accepted > RUNS / 20, `both outcomes exercised (${accepted} accepted, ${refused} refused)`);
  });

  it(`${Math.round(RUNS / 10)} generated CSVs: the estimate is at least the parsed features' bytes`, () => {
    const csv = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2, max: 60 })).chain(([features, rows]) =>
      fc.array(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: features, maxLength: features }), { minLength: rows, maxLength: rows })
        .map((data) => [[...Array.from({ length: features }, (_, k) => `f${k}`), 'label'].join(','), ...data.map((values, i) => [...values.map(String), i % 2 ? 'x' : 'y'].join(','))].join('\n')));
    fc.assert(fc.property(csv, (text) => {
      const data = parseCsvDataset(text, { csv: 'g.csv', target: 'label' }, 'g.csv', 1);
      assert.ok(estimateCsvBytes(text) >= data.train.x.byteLength + data.test.x.byteLength);
    }), { numRuns: Math.round(RUNS / 10) });
  });
});
