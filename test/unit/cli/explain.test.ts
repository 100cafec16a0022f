import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Network } from '../../../src/engine/nn/network';
import { Rng } from '../../../src/engine/nn/rng';
import { run, tempFolder } from './helpers';

const { dir, write: file } = tempFolder('bpl-explain-');

/** 12 rows of 10 features f0 … f9 (row r, feature k: (r + 1)·(k − 4.5)/10) and a class a/b/c. */
const rows = Array.from({ length: 12 }, (_, r) => Array.from({ length: 10 }, (_, k) => ((r + 1) * (k - 4.5)) / 10));
file('wide.csv', [
  [...Array.from({ length: 10 }, (_, k) => `f${k}`), 'label'].join(','),
  ...rows.map((features, r) => [...features, 'abc'[r % 3]].join(',')),
].join('\n'));
const specText = (testFraction: number, hidden = 'tanh', loss = 'cross_entropy') => `{
  "name": "wide", "seed": 5,
  "data": { "csv": "wide.csv", "target": "label", "normalize": "none", "testFraction": ${testFraction} },
  "layers": [
    { "units": 10 },
    { "units": 12, "activation": "${hidden}" },
    { "units": 3, "activation": "softmax" }
  ],
  "loss": "${loss}", "optimizer": { "type": "sgd", "learningRate": 0.1 }, "training": { "epochs": 1, "batchSize": 4 }
}`;
const spec = file('wide.nn.json', specText(0));

describe('CLI explain', () => {
  it('--json prints one line with the contract keys: terms and sigmaPrime for a hidden unit', () => {
    const r = run('explain', spec, '--sample', '7', '--layer', '1', '--unit', '4', '--json');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.length, 1);
    const e = JSON.parse(r.out[0]);
    assert.deepEqual(Object.keys(e), ['type', 'sample', 'layer', 'unit', 'loss', 'z', 'a', 'sigmaPrime', 'delta', 'terms', 'dW', 'db']);
    assert.deepEqual([e.type, e.sample, e.layer, e.unit], ['explain', 7, 1, 4]);
    assert.equal(e.terms.length, 3, 'every unit k of layer 2');
    assert.deepEqual(Object.keys(e.terms[0]), ['k', 'weight', 'delta', 'product']);
    assert.equal(e.db, e.delta);
    // dW[k] = δ_j a^0_k, and a^0 is data row 7 (normalize none, file order)
    assert.equal(e.dW.length, 10);
    rows[7].forEach((x, k) => assert.ok(Math.abs(e.dW[k] - e.delta * x) <= 1e-15 * (1 + Math.abs(x)), `dW[${k}]`));
    const sum = e.terms.reduce((s: number, t: { product: number }) => s + t.product, 0);
    assert.ok(Math.abs(sum * e.sigmaPrime - e.delta) < 1e-15);
    assert.ok(Math.abs(e.a - Math.tanh(e.z)) < 1e-15);
  });

  it('--json at a softmax output unit omits sigmaPrime and terms; its δ is a − y and its loss is −ln a_y', () => {
    const r = run('explain', spec, '--sample', '4', '--layer', '2', '--unit', '1', '--json');
    assert.equal(r.code, 0, r.err);
    const e = JSON.parse(r.out[0]);
    assert.deepEqual(Object.keys(e), ['type', 'sample', 'layer', 'unit', 'loss', 'z', 'a', 'delta', 'dW', 'db']);
    assert.equal(e.delta, e.a - 1, 'row 4 is class "b", unit 1');
    assert.ok(Math.abs(e.loss + Math.log(e.a)) < 1e-12);
    assert.equal(e.dW.length, 12);
  });

  it('without --init it uses the spec\'s initialisation with its seed; --init uses the model\'s weights', () => {
    const seeded = Network.create([10, 12, 3], ['tanh', 'softmax'], 'xavier', new Rng(5));
    const first = JSON.parse(run('explain', spec, '--sample', '0', '--layer', '2', '--unit', '0', '--json').out[0]);
    const a1 = Array.from({ length: 12 }, (_, k) => Math.tanh(rows[0].reduce((s, x, i) => s + seeded.layer(1).W.get(k, i) * x, 0)));
    assert.deepEqual(first.dW.map((v: number) => v.toPrecision(12)), a1.map((a) => (first.delta * a).toPrecision(12)));
    const model = join(dir, 'wide.model.json');
    assert.equal(run('train', spec, '--save', model, '--reference').code, 0);
    const trained = JSON.parse(run('explain', spec, '--init', model, '--sample', '0', '--layer', '2', '--unit', '0', '--json').out[0]);
    assert.notEqual(trained.z, first.z, 'the trained weights, not the initial ones');
  });

  it('the text form prints the equations: the largest 8 forward terms, then "and N more: Σ = …"', () => {
    const r = run('explain', spec, '--sample', '2', '--layer', '2', '--unit', '0');
    assert.equal(r.code, 0, r.err);
    const text = r.out.join('\n');
    assert.match(text, /^Sample 2, layer 2 of 2 \(softmax\), unit 0: E_x = \S+ \(cross_entropy of this one sample\)/);
    assert.match(text, /Forward: z\^2_0 = Σ_k W\^2_0k · a\^1_k \+ b\^2_0/);
    assert.equal((text.match(/^ {4}k = \d+: \S+ · \S+ = \S+$/gm) ?? []).length, 8, '8 forward terms shown');
    const shown = [...text.matchAll(/^ {4}k = \d+: \S+ · \S+ = (\S+)$/gm)].map((m) => Number(m[1]));
    const rest = Number(/and 4 more: Σ = (\S+)/.exec(text)![1]);
    const bias = Number(/bias b\^2_0 = (\S+)/.exec(text)![1]);
    const z = Number(/^ {2}z\^2_0 = (\S+)$/m.exec(text)![1]);
    assert.ok(Math.abs(shown.reduce((s, v) => s + v, 0) + rest + bias - z) < 1e-5, 'the shown terms, the rest and the bias add up to z');
    assert.match(text, /BP1 fused \(cross_entropy over softmax\): δ\^2_0 = a\^2_0 − y_0 = /);
    assert.match(text, /BP4: ∂E_x\/∂W\^2_0k = δ\^2_0 · a\^1_k/);
  });

  it('the text form of a hidden unit shows BP2\'s terms, their sum and × σ′ = δ to the digits shown', () => {
    const text = run('explain', spec, '--sample', '5', '--layer', '1', '--unit', '3').out.join('\n');
    const sum = Number(/Σ_k W\^2_k3 · δ\^2_k = (\S+)/.exec(text)![1]);
    const sigmaPrime = Number(/σ′\(z\^1_3\) = (\S+)$/m.exec(text)![1]);
    const delta = Number(/δ\^1_3 = \S+ · \S+ = (\S+)$/m.exec(text)![1]);
    assert.ok(Math.abs(sum * sigmaPrime - delta) <= 1e-5 * Math.abs(delta), `${sum} · ${sigmaPrime} vs ${delta}`);
  });

  it('the text form prints every number in six significant digits, tiny ones in exponent form', () => {
    const iris = join(__dirname, '..', '..', '..', 'examples', 'iris.nn.json');
    const model = join(dir, 'iris.model.json');
    assert.equal(run('train', iris, '--save', model).code, 0);
    const text = run('explain', iris, '--init', model, '--sample', '0', '--layer', '1', '--unit', '3').out.join('\n');
    assert.match(text, /\de−\d/, 'a trained model has gradients below 1e-3');
    assert.doesNotMatch(text, /0\.000\d/, 'no run of leading zeros');
    for (const [number] of text.matchAll(/-?\d+\.\d+(e-?\d+)?/g)) assert.ok(number.replace(/^-?0\.0*|e.*$|[-.]/g, '').length <= 6, number);
  });

  it('refuses a sample, layer or unit out of range with one located sentence, exit 1', () => {
    const cases: [string[], RegExp][] = [
      [['--sample', '12', '--layer', '1', '--unit', '0'], /wide\.nn\.json:3:11: --sample 12: sample 12 does not exist: the training data has samples 0 to 11\n$/],
      [['--sample', '0', '--layer', '0', '--unit', '0'], /wide\.nn\.json:4:13: --layer 0: layer 0 does not exist: the network has dense layers 1 to 2\n$/],
      [['--sample', '0', '--layer', '3', '--unit', '0'], /--layer 3: layer 3 does not exist/],
      [['--sample', '0', '--layer', '2', '--unit', '3'], /wide\.nn\.json:7:16: --unit 3: unit 3 does not exist: layer 2 has units 0 to 2\n$/],
    ];
    for (const [flags, message] of cases) {
      const r = run('explain', spec, ...flags);
      assert.equal(r.code, 1, flags.join(' '));
      assert.deepEqual(r.out, []);
      assert.match(r.err, message);
      assert.equal(r.err.trim().split('\n').length, 1, 'one line');
    }
  });

  it('refuses a sample the testFraction split holds out, naming the nearest training sample', () => {
    const split = file('split.nn.json', specText(0.25));
    const outcomes = Array.from({ length: 12 }, (_, n) => run('explain', split, '--sample', String(n), '--layer', '1', '--unit', '0'));
    assert.equal(outcomes.filter((r) => r.code === 0).length, 9, '9 training rows explained');
    const refused = outcomes.filter((r) => r.code === 1);
    assert.equal(refused.length, 3);
    for (const r of refused) assert.match(r.err, /split\.nn\.json:3:11: --sample \d+: sample \d+ is in the test split \(testFraction 0\.25\), not a training sample; the nearest training sample is \d+\n$/);
  });

  it('refuses a model of other shapes naming the model and the layer, and missing flags as bad usage', () => {
    const other = file('other.nn.json', specText(0).replace('"units": 12', '"units": 5'));
    const model = join(dir, 'other.model.json');
    assert.equal(run('train', other, '--save', model, '--reference').code, 0);
    const r = run('explain', spec, '--init', model, '--sample', '0', '--layer', '1', '--unit', '0');
    assert.equal(r.code, 1);
    assert.match(r.err, /other\.model\.json: layer 1: the model has 5×10 weights, the spec 12×10\n$/);
    const missing = run('explain', spec, '--sample', '0', '--layer', '1');
    assert.equal(missing.code, 2);
    assert.match(missing.err, /explain needs --sample N, --layer L and --unit J/);
    assert.equal(run('explain', spec, '--sample', '-1', '--layer', '1', '--unit', '0').code, 2);
  });
});
