// backprop-lens export obeys the spec it is given: the spec is read and validated, a model of other shapes is refused
// before any file is written (both targets), and "the spec's latest run" is a run of that spec, never of another.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, tempFolder } from './helpers';

const { dir, write } = tempFolder('bpl-export-');

function specText(hidden: number): string {
  return JSON.stringify({
    name: 'c', seed: 3, data: { builtin: 'circle', samples: 60, testFraction: 0.2 },
    layers: [{ units: 2 }, { units: hidden, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }],
    loss: 'cross_entropy', optimizer: { type: 'sgd', learningRate: 0.5 }, training: { epochs: 1, batchSize: 10 },
  });
}

const spec = write('c.nn.json', specText(4));
const wide = write('c-wide.nn.json', specText(9));

/** Trains `specPath` one epoch and saves its model to `name`. */
function savedModel(specPath: string, name: string): string {
  const model = join(dir, name);
  const r = run('train', specPath, '--save', model, '--json');
  assert.equal(r.code, 0, r.err);
  return model;
}
const model = savedModel(spec, 'c.model.json');
const wideModel = savedModel(wide, 'c-wide.model.json');

/** A run folder `runs/<name>` holding `modelPath` as model.json and, when given, a metrics.json with `specFile`. */
function runFolder(runsRoot: string, name: string, modelPath: string, specFile?: string): string {
  const folder = join(runsRoot, '.backprop-lens', 'runs', name);
  mkdirSync(folder, { recursive: true });
  copyFileSync(modelPath, join(folder, 'model.json'));
  if (specFile !== undefined) writeFileSync(join(folder, 'metrics.json'), JSON.stringify({ format: 'backprop-lens/metrics@1', specFile }));
  return folder;
}

describe('export obeys the spec', () => {
  it('refuses a missing spec and an invalid one with the located message, exit 1, writing nothing', () => {
    const out = join(dir, 'missing.onnx');
    const missing = run('export', join(dir, 'nope.nn.json'), '--to', 'onnx', '--out', out, '--init', model);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /cannot read the spec .*nope\.nn\.json: no such file/);
    const invalid = write('invalid.nn.json', specText(4).replace('"tanh"', '"tanhh"'));
    const bad = run('export', invalid, '--to', 'onnx', '--out', out, '--init', model);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /invalid\.nn\.json:1:\d+: error: .*tanhh/);
    assert.ok(!existsSync(out));
  });

  for (const [target, out] of [['onnx', 'mismatch.onnx'], ['pytorch', 'mismatch-pytorch']] as const) {
    it(`--to ${target} refuses a model whose shapes differ from the spec, naming the layer and both shapes, before writing`, () => {
      const r = run('export', spec, '--to', target, '--out', join(dir, out), '--init', wideModel);
      assert.equal(r.code, 1);
      assert.match(r.err, /c-wide\.model\.json: layer 1: the model has 9×2 weights, the spec 4×2/);
      assert.ok(!existsSync(join(dir, out)), 'no file written');
    });
  }

  it('without --init takes a run of this spec, never one of c-wide.nn.json (older folders by their exact name)', () => {
    const root = join(dir, 'names');
    mkdirSync(root);
    const c = join(root, 'c.nn.json'), cWide = join(root, 'c-wide.nn.json');
    copyFileSync(spec, c);
    copyFileSync(wide, cWide);
    runFolder(root, 'c-wide-2026-12-02T10-00-00', wideModel);
    const none = run('export', c, '--to', 'onnx', '--out', join(root, 'c.onnx'));
    assert.equal(none.code, 1);
    assert.match(none.err, /no saved run of .*c\.nn\.json/);
    runFolder(root, 'c-2026-12-01T10-00-00', model);
    const own = run('export', c, '--to', 'onnx', '--out', join(root, 'c.onnx'));
    assert.equal(own.code, 0, own.err);
    assert.match(own.out[0], /from .*c-2026-12-01T10-00-00.model\.json/);
  });

  it('a run folder that records its spec (metrics.json specFile) belongs to that spec only, whatever its name; found above the spec too', () => {
    const root = join(dir, 'linked');
    mkdirSync(join(root, 'sub'), { recursive: true });
    const c = join(root, 'sub', 'c.nn.json');
    copyFileSync(spec, c);
    runFolder(root, 'c-2026-12-03T10-00-00', model, '../../../other/c.nn.json');
    runFolder(root, 'renamed-2026-12-01T10-00-00', model, '../../../sub/c.nn.json');
    const r = run('export', c, '--to', 'onnx', '--out', join(root, 'c.onnx'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out[0], /from .*renamed-2026-12-01T10-00-00.model\.json/);
  });
});
