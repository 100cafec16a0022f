import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, tempFolder } from './helpers';

const { dir, write: specFile } = tempFolder('bpl-cli-');

const tiny = `{
  // a tiny xor run
  "name": "tiny", "seed": 2,
  "data": { "builtin": "xor", "samples": 100, "testFraction": 0.2 },
  "layers": [{ "units": 2 }, { "units": 6, "activation": "tanh" }, { "units": 1, "activation": "sigmoid" }],
  "loss": "cross_entropy",
  "optimizer": { "type": "adam", "learningRate": 0.05 },
  "training": { "epochs": 3, "batchSize": 10 }
}`;

const pick = (done: { trainer: string; precision: string }) => ({ trainer: done.trainer, precision: done.precision });

describe('CLI', () => {
  it('train --json prints one epoch object per epoch, then done, and nothing else', () => {
    const r = run('train', specFile('tiny.nn.json', tiny), '--json');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.map((l) => JSON.parse(l));
    assert.ok(lines[3].trainSeconds > 0 && lines[3].trainSeconds <= lines[3].seconds);
    assert.deepEqual(lines.map((l) => l.type), ['epoch', 'epoch', 'epoch', 'done']);
    assert.deepEqual(Object.keys(lines[0]).sort(), ['accuracy', 'epoch', 'loss', 'seconds', 'testAccuracy', 'testLoss', 'trainSamples', 'trainSeconds', 'type']);
    assert.equal(lines[3].epochs, 3);
    assert.equal(lines[0].trainSamples, 80, 'a small training split is evaluated in full');
    assert.ok(lines[2].loss < lines[0].loss);
  });

  it('train says which trainer it used (JSON done, the last text line); test/unit/worker/trainerInfo.test.ts covers the fallback', () => {
    const p = specFile('tiny32.nn.json', tiny.replace('"seed": 2', '"seed": 2, "precision": "float32"'));
    const fast = run('train', p, '--json');
    assert.deepEqual(pick(JSON.parse(fast.out.at(-1)!)), { trainer: 'fast', precision: 'float32' });
    assert.equal(fast.err, '', 'no warning when the fast path trains');
    assert.match(run('train', p).out.at(-1)!, /with the fast float32 trainer \(1 thread\)\.$/);
    assert.match(run('train', p, '--reference').out.at(-1)!, /with the float64 reference trainer\.$/);
  });

  it('train evaluates a large training split on a fixed sample of 5000 and says so (JSON trainSamples, a note above the table)', () => {
    const big = tiny.replace('"samples": 100', '"samples": 7000').replace('"epochs": 3', '"epochs": 1').replace('"batchSize": 10', '"batchSize": 100');
    const p = specFile('big.nn.json', big);
    const json = run('train', p, '--json').out.map((l) => JSON.parse(l));
    assert.deepEqual(json.map((l) => l.trainSamples), [5000, 5000]);
    const text = run('train', p);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out[0], /over a fixed sample of 5000 of the 5600 training samples; test columns: the whole test split/);
  });

  it('--epochs and --seed override the spec; the same seed gives the same losses', () => {
    const p = specFile('tiny.nn.json', tiny);
    const a = run('train', p, '--json', '--epochs', '2', '--seed', '9').out;
    const b = run('train', p, '--json', '--epochs', '2', '--seed', '9').out;
    assert.equal(a.length, 3);
    assert.deepEqual(a.map((l) => JSON.parse(l).loss), b.map((l) => JSON.parse(l).loss));
  });

  it('--save writes a model that --init resumes from', () => {
    const p = specFile('tiny.nn.json', tiny);
    const model = join(dir, 'model.json');
    assert.equal(run('train', p, '--save', model, '--json').code, 0);
    const saved = JSON.parse(readFileSync(model, 'utf8'));
    assert.equal(saved.format, 'backprop-lens/model@1');
    assert.equal(saved.layers[1].weights.length, 6);
    assert.equal(saved.layers[1].weights[0].length, 2);
    const resumed = JSON.parse(run('train', p, '--init', model, '--epochs', '1', '--json').out[0]);
    const fresh = JSON.parse(run('train', p, '--epochs', '1', '--json').out[0]);
    assert.ok(resumed.loss < fresh.loss, `resumed ${resumed.loss} vs fresh ${fresh.loss}`);
  });

  it('--init refuses a model of other shapes with one sentence naming the layer, on the fast and the reference trainer', () => {
    const model = join(dir, 'small.model.json');
    assert.equal(run('train', specFile('tiny.nn.json', tiny), '--save', model, '--json').code, 0);
    const wider = specFile('wider.nn.json', tiny.replace('{ "units": 6, "activation": "tanh" }', '{ "units": 12, "activation": "tanh" }'));
    for (const extra of [[], ['--reference']]) {
      const r = run('train', wider, '--init', model, ...extra);
      assert.equal(r.code, 1, `${extra.join(' ')}: ${r.out.join('\n')}`);
      assert.match(r.err, /layer 1: the model has 6×2 weights, the spec 12×2/);
      assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
    }
  });

  it('--init maps the CSV with the model\'s saved normalisation, not one fitted again; another method is refused', () => {
    writeFileSync(join(dir, 'blobs.csv'), ['a,b,label', ...Array.from({ length: 60 }, (_, i) => `${(i * 7) % 23},${100 + ((i * 13) % 31)},${i % 2}`)].join('\n'));
    const csvSpec = (seed: number, normalize: string) => tiny.replace('"seed": 2', `"seed": ${seed}`)
      .replace('{ "builtin": "xor", "samples": 100, "testFraction": 0.2 }', `{ "csv": "blobs.csv", "target": "label", "testFraction": 0.3, "normalize": "${normalize}" }`);
    const first = join(dir, 'blobs1.model.json'), second = join(dir, 'blobs2.model.json'), fresh = join(dir, 'blobs3.model.json');
    assert.equal(run('train', specFile('blobs1.nn.json', csvSpec(1, 'standardize')), '--save', first, '--json').code, 0);
    // Another seed splits the rows differently, so statistics fitted on its training split differ from the model's.
    const other = specFile('blobs2.nn.json', csvSpec(5, 'standardize'));
    assert.equal(run('train', other, '--save', fresh, '--epochs', '1', '--json').code, 0);
    const saved = JSON.parse(readFileSync(first, 'utf8')).normalization;
    assert.notDeepEqual(JSON.parse(readFileSync(fresh, 'utf8')).normalization, saved, 'the two splits give different statistics');
    for (const extra of [[], ['--reference']]) {
      assert.equal(run('train', other, '--init', first, '--save', second, '--epochs', '1', '--json', ...extra).code, 0);
      assert.deepEqual(JSON.parse(readFileSync(second, 'utf8')).normalization, saved, `${extra.join(' ')}: the model's map travels on`);
    }
    const minmax = run('train', specFile('blobs4.nn.json', csvSpec(5, 'minmax')), '--init', first);
    assert.equal(minmax.code, 1);
    assert.match(minmax.err, /the model was trained on inputs normalised with "standardize", the spec's data\.normalize is "minmax"/);
  });

  it('train reports why a network does not learn: dead relu units as a warning at the layer (text) and in done.health (JSON)', () => {
    const dense = (units: number, fanIn: number, activation: string, bias: number) => ({ units, activation, weights: Array.from({ length: units }, () => Array(fanIn).fill(0.1)), biases: Array(units).fill(bias) });
    const model = join(dir, 'dead.model.json');
    writeFileSync(model, JSON.stringify({ format: 'backprop-lens/model@1', layers: [{ units: 2 }, dense(6, 2, 'relu', -50), dense(1, 6, 'sigmoid', 0)] }));
    const p = specFile('dead.nn.json', tiny.replace('"activation": "tanh"', '"activation": "relu"'));
    const text = run('train', p, '--init', model, '--epochs', '6');
    assert.equal(text.code, 0, text.err);
    const line = tiny.split('\n').findIndex((l) => l.includes('"layers"')) + 1;
    assert.match(text.err, new RegExp(`dead\\.nn\\.json:${line}:\\d+: warning: 100 % or more of layer 1's relu units are dead .*\\[dead-units\\]`));
    const done = JSON.parse(run('train', p, '--init', model, '--epochs', '6', '--json').out.at(-1)!);
    assert.deepEqual(done.health.map((f: { layer: number; kind: string }) => [f.layer, f.kind]), [[1, 'dead-units']]);
    const healthy = JSON.parse(run('train', specFile('tiny.nn.json', tiny), '--epochs', '6', '--json').out.at(-1)!);
    assert.deepEqual(healthy.health, [], 'a healthy tanh network gets no finding');
    assert.doesNotMatch(run('train', p, '--init', model, '--epochs', '4').err, /warning/, 'fewer than 5 epochs: no judgement yet');
  });

  it('check --json reports every layer and passes on a correct network', () => {
    const r = run('check', specFile('tiny.nn.json', tiny), '--json');
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out[0]);
    assert.equal(report.type, 'gradcheck');
    assert.equal(report.passed, true);
    assert.deepEqual(report.layers.map((l: { layer: number }) => l.layer), [1, 2]);
    assert.equal(typeof report.layers[0].delta.maxRelError, 'number');
  });

  it('validate --json gives the path and range of a wrong input size, exit 1', () => {
    const bad = tiny.replace('[{ "units": 2 }', '[{ "units": 3 }');
    const r = run('validate', specFile('bad.nn.json', bad), '--json');
    assert.equal(r.code, 1);
    const { diagnostics } = JSON.parse(r.out[0]);
    const d = diagnostics.find((x: { code: string }) => x.code === 'input-units-mismatch');
    assert.ok(d, JSON.stringify(diagnostics));
    assert.deepEqual(d.path, ['layers', 0, 'units']);
    assert.equal(d.range.start.line, 4);
  });

  it('validate --json keeps every data-based diagnostic located (own path, range and code), all at once', () => {
    writeFileSync(join(dir, 'four.csv'), 'f1,f2,f3,f4,label\n1,2,3,4,a\n2,3,4,5,b\n3,4,5,6,c\n4,5,6,7,a\n');
    const text = '{\n  "data": { "csv": "four.csv", "target": "label" },\n  "layers": [\n    { "units": 3 },\n    { "units": 2, "activation": "softmax" }\n  ],\n  "loss": "cross_entropy",\n  "optimizer": { "type": "sgd", "learningRate": 0.1 },\n  "training": { "epochs": 1, "batchSize": 2 }\n}';
    const r = run('validate', specFile('widths.nn.json', text), '--json');
    assert.equal(r.code, 1);
    const { diagnostics } = JSON.parse(r.out[0]);
    const shown = diagnostics.map((d: { code: string; path: unknown[]; range: { start: { line: number } } }) => [d.code, d.path, d.range.start.line]);
    assert.deepEqual(shown, [['input-units-mismatch', ['layers', 0, 'units'], 3], ['output-units-mismatch', ['layers', 1, 'units'], 4]]);
  });

  it('validate --json: a wrong target sits on data.target with the columns, beside a spec error elsewhere', () => {
    writeFileSync(join(dir, 'four.csv'), 'f1,f2,f3,f4,label\n1,2,3,4,a\n2,3,4,5,b\n3,4,5,6,c\n4,5,6,7,a\n');
    const text = '{\n  "data": { "csv": "four.csv", "target": "species" },\n  "layers": [{ "units": 4 }, { "units": 5, "activation": "rleu" }, { "units": 3, "activation": "softmax" }],\n  "loss": "cross_entropy",\n  "optimizer": { "type": "sgd", "learningRate": 0.1 },\n  "training": { "epochs": 1, "batchSize": 2 }\n}';
    const r = run('validate', specFile('target.nn.json', text), '--json');
    assert.equal(r.code, 1);
    const { diagnostics } = JSON.parse(r.out[0]);
    assert.deepEqual(diagnostics.map((d: { code: string }) => d.code), ['target-column-missing', 'unknown-enum-value']);
    const target = diagnostics[0];
    assert.deepEqual(target.path, ['data', 'target']);
    assert.equal(text.split('\n')[1].slice(target.range.start.character, target.range.end.character), '"species"');
    assert.deepEqual(target.data.columns, ['f1', 'f2', 'f3', 'f4', 'label']);
    const plain = run('validate', specFile('target.nn.json', text));
    assert.match(plain.out.join('\n'), /target\.nn\.json:2:\d+: error: .*target column "species"[^]*target\.nn\.json:3:\d+: error: /);
  });

  it('an invalid spec fails train with one located sentence on stderr and exit 1', () => {
    const r = run('train', specFile('broken.nn.json', '{ "layers": [ }'));
    assert.equal(r.code, 1);
    assert.match(r.err, /broken\.nn\.json:1:\d+: error: /);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  });

  it('a bad CSV cell is reported with file, line and column', () => {
    writeFileSync(join(dir, 'd.csv'), 'a,b,label\n1,2,x\n3,oops,y\n');
    const spec = specFile('csv.nn.json', JSON.stringify({ data: { csv: 'd.csv', target: 'label' }, layers: [{ units: 2 }, { units: 2, activation: 'softmax' }], loss: 'cross_entropy', optimizer: { type: 'sgd', learningRate: 0.1 }, training: { epochs: 1, batchSize: 1 } }));
    const r = run('train', spec);
    assert.equal(r.code, 1);
    assert.match(r.err, /d\.csv:3:2/);
  });

  it('bad usage exits 2', () => {
    assert.equal(run().code, 2);
    assert.equal(run('fly', 'x.nn.json').code, 2);
    assert.equal(run('train', 'x.nn.json', '--epochs', 'many').code, 2);
    assert.equal(run('train', 'x.nn.json', '--bogus').code, 2);
  });

  it('a missing spec file exits 1 with a sentence', () => {
    const r = run('train', join(dir, 'nope.nn.json'));
    assert.equal(r.code, 1);
    assert.match(r.err, /no such file/);
  });
});
