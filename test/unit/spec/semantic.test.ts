import { strict as assert } from 'node:assert';
import { validateSpec } from '../../../src/engine/spec';
import { at, expectOne, ofSeverity, specWith } from './helpers';

describe('spec semantics (beyond the schema)', () => {
  it('input-layer-activation: layers[0] takes units only', () => {
    const { text, lines } = specWith({ 6: '    { "units": 2, "activation": "relu" },' });
    const diagnostics = validateSpec(text);
    const d = expectOne(diagnostics, 'input-layer-activation', 'error', ['layers', 0, 'activation'], at(lines, 6, '"relu"'));
    assert.match(d.message, /layers\[0\] is the input layer/);
    assert.ok(!diagnostics.some((x) => x.code === 'unknown-property'), 'the schema warning on the same path is folded into the error');
  });

  it('no-dense-layer: only an input layer', () => {
    const { text, lines } = specWith({ 5: '  "layers": [', 6: '    { "units": 2 }', 7: '', 8: '' });
    const d = expectOne(validateSpec(text), 'no-dense-layer', 'error', ['layers'], { start: at(lines, 5, '[').start, end: at(lines, 9, ']').end });
    assert.match(d.message, /add at least one dense layer/);
  });

  it('no-dense-layer: an empty layers array', () => {
    const { text, lines } = specWith({ 5: '  "layers": [],', 6: '', 7: '', 8: '', 9: '' });
    expectOne(validateSpec(text), 'no-dense-layer', 'error', ['layers'], at(lines, 5, '[]'));
  });

  it('softmax-hidden: softmax on a hidden layer', () => {
    const { text, lines } = specWith({ 7: '    { "units": 8, "activation": "softmax" },' });
    expectOne(validateSpec(text), 'softmax-hidden', 'error', ['layers', 1, 'activation'], at(lines, 7, '"softmax"'));
  });

  it('softmax-single-unit: softmax over one output unit', () => {
    const { text, lines } = specWith({ 8: '    { "units": 1, "activation": "softmax" }' });
    const d = expectOne(validateSpec(text), 'softmax-single-unit', 'error', ['layers', 2, 'activation'], at(lines, 8, '"softmax"'));
    assert.equal(d.data?.suggestion, 'sigmoid');
  });

  it('loss-activation-mismatch: cross_entropy with a tanh output (error on the loss, fix payload)', () => {
    const { text, lines } = specWith({ 8: '    { "units": 1, "activation": "tanh" }' });
    const d = expectOne(validateSpec(text), 'loss-activation-mismatch', 'error', ['loss'], at(lines, 10, '"cross_entropy"'));
    assert.deepEqual(d.data, { outputLayer: 2, suggestedActivation: 'sigmoid', suggestedLoss: 'mse' });
    assert.match(d.message, /cross_entropy needs a sigmoid or softmax output, but layers\[2\] uses tanh/);
  });

  it('sigmoid-one-vs-rest (info, no warning): cross_entropy over several sigmoid units is legitimate one-vs-rest', () => {
    const { text, lines } = specWith({ 8: '    { "units": 2, "activation": "sigmoid" }' });
    const diagnostics = validateSpec(text);
    const d = expectOne(diagnostics, 'sigmoid-one-vs-rest', 'info', ['layers', 2, 'activation'], at(lines, 8, '"sigmoid"'));
    assert.deepEqual(d.data, { suggestion: 'softmax' });
    assert.match(d.message, /one-vs-rest/);
    assert.doesNotMatch(d.message, /never pushes/);
    assert.deepEqual(diagnostics.filter((x) => x.code === 'loss-activation-mismatch'), []);
  });

  it('mse-softmax: allowed, as info', () => {
    const { text, lines } = specWith({ 8: '    { "units": 2, "activation": "softmax" }', 10: '  "loss": "mse",' });
    const diagnostics = validateSpec(text);
    expectOne(diagnostics, 'mse-softmax', 'info', ['loss'], at(lines, 10, '"mse"'));
    assert.deepEqual(ofSeverity(diagnostics, 'error'), []);
  });

  it('learning-rate-high: above 1 for sgd, above 0.1 for adam; learning-rate-low as info', () => {
    const sgd = specWith({ 12: '  "optimizer": { "type": "sgd", "learningRate": 3 },' });
    expectOne(validateSpec(sgd.text), 'learning-rate-high', 'warning', ['optimizer', 'learningRate'], at(sgd.lines, 12, '3'));
    const adam = specWith({ 12: '  "optimizer": { "type": "adam", "learningRate": 0.5 },' });
    expectOne(validateSpec(adam.text), 'learning-rate-high', 'warning', ['optimizer', 'learningRate'], at(adam.lines, 12, '0.5'));
    const fine = specWith({ 12: '  "optimizer": { "type": "sgd", "learningRate": 1 },' });
    assert.deepEqual(validateSpec(fine.text), []);
    const low = specWith({ 12: '  "optimizer": { "type": "sgd", "learningRate": 1e-9 },' });
    expectOne(validateSpec(low.text), 'learning-rate-low', 'info', ['optimizer', 'learningRate'], at(low.lines, 12, '1e-9'));
  });

  it('option-ignored: adam settings on sgd', () => {
    const { text, lines } = specWith({ 12: '  "optimizer": { "type": "sgd", "learningRate": 0.5, "beta2": 0.99 },' });
    expectOne(validateSpec(text), 'option-ignored', 'warning', ['optimizer', 'beta2'], at(lines, 12, '0.99'));
  });

  it('batch-size-exceeds-data: builtin 200 samples with testFraction 0.2 leaves 160 training samples', () => {
    const { text, lines } = specWith({ 13: '  "training": { "epochs": 100, "batchSize": 161 },' });
    const d = expectOne(validateSpec(text), 'batch-size-exceeds-data', 'warning', ['training', 'batchSize'], at(lines, 13, '161'));
    assert.equal(d.data?.expected, 160);
    const exact = specWith({ 13: '  "training": { "epochs": 100, "batchSize": 160 },' });
    assert.deepEqual(validateSpec(exact.text), []);
  });

  it('builtin shapes: xor has 2 features; sine is 1-input regression', () => {
    const xor = specWith({ 6: '    { "units": 3 },' });
    const d = expectOne(validateSpec(xor.text), 'input-units-mismatch', 'error', ['layers', 0, 'units'], at(xor.lines, 6, '3'));
    assert.equal(d.message, 'layers[0].units is 3 but the xor data has 2 features: set it to 2.');
    assert.equal(d.data?.expected, 2);
    const sine = specWith({ 4: '  "data": { "builtin": "sine" },' });
    const diagnostics = validateSpec(sine.text);
    expectOne(diagnostics, 'input-units-mismatch', 'error', ['layers', 0, 'units'], at(sine.lines, 6, '2'));
    expectOne(diagnostics, 'loss-task-mismatch', 'error', ['loss'], at(sine.lines, 10, '"cross_entropy"'));
  });

  it('test-split-empty and an over-large testFraction', () => {
    const none = specWith({ 4: '  "data": { "builtin": "xor", "samples": 10, "testFraction": 0.01 },' });
    expectOne(validateSpec(none.text), 'test-split-empty', 'warning', ['data', 'testFraction'], at(none.lines, 4, '0.01'));
    const all = specWith({ 4: '  "data": { "builtin": "xor", "samples": 2, "testFraction": 0.9 },', 13: '  "training": { "epochs": 100, "batchSize": 1 },' });
    expectOne(validateSpec(all.text), 'train-split-empty', 'error', ['data', 'testFraction'], at(all.lines, 4, '0.9'));
  });

  it('test-fraction-ignored: testFraction next to a test CSV', () => {
    const { text, lines } = specWith({ 4: '  "data": { "csv": "a.csv", "target": "y", "testCsv": "b.csv", "testFraction": 0.3 },' });
    expectOne(validateSpec(text), 'test-fraction-ignored', 'warning', ['data', 'testFraction'], at(lines, 4, '0.3'));
  });

  it('semantic rules still run next to structural errors (all problems at once)', () => {
    const { text } = specWith({ 6: '    { "units": 2, "activation": "relu" },', 13: '  "training": { "epochs": "many", "batchSize": 16 },' });
    const codes = validateSpec(text).map((d) => d.code).sort();
    assert.deepEqual(codes, ['input-layer-activation', 'wrong-type']);
  });
});
