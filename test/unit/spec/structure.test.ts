import { strict as assert } from 'node:assert';
import { parseSpecText, validateSpec } from '../../../src/engine/spec';
import { at, expectOne, specWith } from './helpers';

describe('spec structure (the schema, interpreted)', () => {
  it('the base fixture is valid: no diagnostics at all, and parseSpecText returns the spec', () => {
    const { text } = specWith();
    assert.deepEqual(validateSpec(text), []);
    const parsed = parseSpecText(text);
    assert.equal(parsed.spec?.layers.length, 3);
    assert.equal(parsed.spec?.optimizer.learningRate, 0.5);
  });

  it('wrong-type: a quoted number says to remove the quotes', () => {
    const { text, lines } = specWith({ 13: '  "training": { "epochs": 100, "batchSize": "16" },' });
    const d = expectOne(validateSpec(text), 'wrong-type', 'error', ['training', 'batchSize'], at(lines, 13, '"16"'));
    assert.match(d.message, /training\.batchSize must be a whole number, not "16": remove the quotes/);
    assert.equal(parseSpecText(text).spec, undefined);
  });

  it('not-integer: fractional units', () => {
    const { text, lines } = specWith({ 7: '    { "units": 2.5, "activation": "tanh" },' });
    const d = expectOne(validateSpec(text), 'not-integer', 'error', ['layers', 1, 'units'], at(lines, 7, '2.5'));
    assert.match(d.message, /layers\[1\]\.units must be a whole number, not 2\.5/);
  });

  it('not-finite: 1e999 overflows to Infinity', () => {
    const { text, lines } = specWith({ 13: '  "training": { "epochs": 1e999, "batchSize": 16 },' });
    expectOne(validateSpec(text), 'not-finite', 'error', ['training', 'epochs'], at(lines, 13, '1e999'));
  });

  it('out-of-range: zero units, negative units, huge epochs, learning rate ≤ 0, testFraction 1', () => {
    const cases: [number, string, (string | number)[], string, RegExp][] = [
      [7, '    { "units": 0, "activation": "tanh" },', ['layers', 1, 'units'], '0', /must be in \[1, 100000\]/],
      [8, '    { "units": -3, "activation": "sigmoid" }', ['layers', 2, 'units'], '-3', /is -3 but must be/],
      [13, '  "training": { "epochs": 1e12, "batchSize": 16 },', ['training', 'epochs'], '1e12', /must be in \[1, 1000000\]/],
      [12, '  "optimizer": { "type": "sgd", "learningRate": -0.1 },', ['optimizer', 'learningRate'], '-0.1', /must be greater than 0 \(e\.g\. 0\.1\)/],
      [12, '  "optimizer": { "type": "sgd", "learningRate": 0 },', ['optimizer', 'learningRate'], '0', /must be greater than 0/],
      [4, '  "data": { "builtin": "xor", "testFraction": 1 },', ['data', 'testFraction'], '1', /must be in \[0, 1\)/],
    ];
    for (const [line, replacement, path, snippet, message] of cases) {
      const { text, lines } = specWith({ [line]: replacement });
      const d = expectOne(validateSpec(text), 'out-of-range', 'error', path, at(lines, line, snippet));
      assert.match(d.message, message);
    }
  });

  it('unknown-enum-value: suggests the closest name and lists the allowed ones', () => {
    const { text, lines } = specWith({ 7: '    { "units": 8, "activation": "Tanh " },' });
    const d = expectOne(validateSpec(text), 'unknown-enum-value', 'error', ['layers', 1, 'activation'], at(lines, 7, '"Tanh "'));
    assert.equal(d.data?.suggestion, 'tanh');
    assert.match(d.message, /did you mean "tanh"\?\): use one of sigmoid, tanh, relu, leaky_relu, linear, softmax/);
  });

  it('missing-property at the root: flagged on the opening brace, path names the property', () => {
    const { text } = specWith({ 10: '' });
    const d = expectOne(validateSpec(text), 'missing-property', 'error', ['loss'], { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
    assert.match(d.message, /The spec needs "loss": add it \(one of "mse", "cross_entropy"\)/);
  });

  it('missing-property in a nested object: flagged on the parent key, with the default as a hint', () => {
    const { text, lines } = specWith({ 12: '  "optimizer": { "type": "sgd" },' });
    const d = expectOne(validateSpec(text), 'missing-property', 'error', ['optimizer', 'learningRate'], at(lines, 12, '"optimizer"'));
    assert.match(d.message, /optimizer needs "learningRate": add it, e\.g\. "learningRate": 0\.1/);
    assert.equal(d.data?.default, 0.1);
  });

  it('missing-property in an array item: flagged on the item object', () => {
    const { text, lines } = specWith({ 7: '    { "units": 8 },' });
    expectOne(validateSpec(text), 'missing-property', 'error', ['layers', 1, 'activation'], at(lines, 7, '{ "units": 8 }'));
  });

  it('unknown-property: a warning on the key, with a suggestion; the spec still parses', () => {
    const { text, lines } = specWith({ 13: '  "training": { "epochs": 100, "batchSize": 16, "shufle": false },' });
    const d = expectOne(validateSpec(text), 'unknown-property', 'warning', ['training', 'shufle'], at(lines, 13, '"shufle"'));
    assert.equal(d.data?.suggestion, 'shuffle');
    assert.ok(parseSpecText(text).spec, 'a warning does not withhold the spec');
  });

  it('duplicate-property: the earlier key is flagged and the last value is the one checked', () => {
    const { text, lines } = specWith({ 13: '  "training": { "epochs": "x", "epochs": 100, "batchSize": 16 },' });
    const diagnostics = validateSpec(text);
    assert.equal(lines[13].slice(16, 24), '"epochs"');
    const d = expectOne(diagnostics, 'duplicate-property', 'warning', ['training', 'epochs'], { start: { line: 13, character: 16 }, end: { line: 13, character: 24 } });
    assert.match(d.message, /only the last one \(line 14\) counts/);
    assert.ok(!diagnostics.some((x) => x.code === 'wrong-type'), 'the overridden "x" is not type-checked');
  });

  it('duplicate keys: semantic rules read the last value too, as JSON.parse does', () => {
    const { text, lines } = specWith({ 6: '    { "units": 3, "units": 2 },' });
    const diagnostics = validateSpec(text);
    assert.deepEqual(diagnostics.map((d) => d.code), ['duplicate-property'], 'units 2 (the last) matches the xor data');
    assert.deepEqual(diagnostics[0].range, { start: { line: 6, character: 6 }, end: { line: 6, character: 13 } });
    assert.equal(lines[6].slice(6, 13), '"units"');
    assert.equal(parseSpecText(text).spec?.layers[0].units, 2);
  });

  it('data-source-missing and data-source-ambiguous', () => {
    const missing = specWith({ 4: '  "data": { "samples": 200 },' });
    expectOne(validateSpec(missing.text), 'data-source-missing', 'error', ['data'], at(missing.lines, 4, '{ "samples": 200 }'));
    const both = specWith({ 4: '  "data": { "builtin": "xor", "csv": "a.csv", "target": "y" },' });
    const d = expectOne(validateSpec(both.text), 'data-source-ambiguous', 'error', ['data'], at(both.lines, 4, '{ "builtin": "xor", "csv": "a.csv", "target": "y" }'));
    assert.match(d.message, /data has both "builtin" and "csv": keep exactly one/);
  });

  it('data branches are checked by their own schema (csv needs target; idx test files come in pairs)', () => {
    const csv = specWith({ 4: '  "data": { "csv": "iris.csv" },' });
    expectOne(validateSpec(csv.text), 'missing-property', 'error', ['data', 'target'], at(csv.lines, 4, '"data"'));
    const idx = specWith({ 4: '  "data": { "idx": { "trainImages": "a", "trainLabels": "b", "testImages": "c" } },' });
    const d = expectOne(validateSpec(idx.text), 'missing-property', 'error', ['data', 'idx', 'testLabels'], at(idx.lines, 4, '"idx"'));
    assert.match(d.message, /has "testImages" but no "testLabels"/);
  });

  it('empty-string: an empty csv path', () => {
    const { text, lines } = specWith({ 4: '  "data": { "csv": "", "target": "y" },' });
    expectOne(validateSpec(text), 'empty-string', 'error', ['data', 'csv'], at(lines, 4, '""'));
  });

  it('wrong-type for containers: layers as an object, data as a string', () => {
    const layers = specWith({ 5: '  "layers": {}, "x": [', 6: '', 7: '', 8: '' });
    expectOne(validateSpec(layers.text), 'wrong-type', 'error', ['layers'], at(layers.lines, 5, '{}'));
    const data = specWith({ 4: '  "data": "xor.csv",' });
    expectOne(validateSpec(data.text), 'wrong-type', 'error', ['data'], at(data.lines, 4, '"xor.csv"'));
  });
});
