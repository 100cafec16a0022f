import { strict as assert } from 'node:assert';
import { SpecContext, validateSpec } from '../../../src/engine/spec';
import { at, expectOne, specWith } from './helpers';

/** An iris-like CSV spec: 4 features, 3 classes. */
const IRIS = {
  4: '  "data": { "csv": "iris.csv", "target": "species", "testFraction": 0.2, "normalize": "standardize" },',
  6: '    { "units": 4 },',
  8: '    { "units": 3, "activation": "softmax" }',
};
const irisInfo: SpecContext = { dataInfo: { inputSize: 4, outputSize: 3, task: 'classification', classCount: 3, sampleCount: 120 } };

describe('spec validation against the data (SpecContext)', () => {
  it('a matching spec and data shape give no diagnostics', () => {
    assert.deepEqual(validateSpec(specWith(IRIS).text, irisInfo), []);
  });

  it('without a context a CSV spec is not checked against any shape', () => {
    const { text } = specWith({ ...IRIS, 6: '    { "units": 7 },' });
    assert.deepEqual(validateSpec(text), []);
  });

  it('input-units-mismatch names the feature count and carries it as the fix payload', () => {
    const { text, lines } = specWith({ ...IRIS, 6: '    { "units": 3 },' });
    const d = expectOne(validateSpec(text, irisInfo), 'input-units-mismatch', 'error', ['layers', 0, 'units'], at(lines, 6, '3'));
    assert.equal(d.message, 'layers[0].units is 3 but the data has 4 features: set it to 4.');
    assert.deepEqual(d.data, { expected: 4 });
  });

  it('output-units-mismatch: softmax needs one unit per class', () => {
    const { text, lines } = specWith({ ...IRIS, 8: '    { "units": 2, "activation": "softmax" }' });
    const d = expectOne(validateSpec(text, irisInfo), 'output-units-mismatch', 'error', ['layers', 2, 'units'], at(lines, 8, '2'));
    assert.match(d.message, /has 3 classes: a softmax output needs one unit per class: set it to 3/);
    assert.deepEqual(d.data, { expected: 3 });
  });

  it('binary classification: 1 sigmoid unit or 2 units are fine, 3 are not (expected 1)', () => {
    const binary: SpecContext = { dataInfo: { inputSize: 2, outputSize: 2, task: 'classification', classCount: 2, sampleCount: 160 } };
    assert.deepEqual(validateSpec(specWith().text, binary), []);
    assert.deepEqual(validateSpec(specWith({ 8: '    { "units": 2, "activation": "softmax" }' }).text, binary), []);
    const { text, lines } = specWith({ 8: '    { "units": 3, "activation": "sigmoid" }' });
    const d = expectOne(validateSpec(text, binary), 'output-units-mismatch', 'error', ['layers', 2, 'units'], at(lines, 8, '3'));
    assert.match(d.message, /set it to 1 \(one sigmoid unit for two classes\) or 2/);
    assert.deepEqual(d.data, { expected: 1 });
  });

  it('regression: output units = target count, cross_entropy and softmax refused', () => {
    const regression: SpecContext = { dataInfo: { inputSize: 2, outputSize: 1, task: 'regression', sampleCount: 100 } };
    const { text, lines } = specWith({ 8: '    { "units": 2, "activation": "softmax" }' });
    const diagnostics = validateSpec(text, regression);
    expectOne(diagnostics, 'output-units-mismatch', 'error', ['layers', 2, 'units'], at(lines, 8, '2'));
    expectOne(diagnostics, 'loss-task-mismatch', 'error', ['loss'], at(lines, 10, '"cross_entropy"'));
    expectOne(diagnostics, 'softmax-regression', 'error', ['layers', 2, 'activation'], at(lines, 8, '"softmax"'));
  });

  it('the context overrides the builtin shape, and its sampleCount bounds the batch size', () => {
    const small: SpecContext = { dataInfo: { inputSize: 2, outputSize: 2, task: 'classification', classCount: 2, sampleCount: 10 } };
    const { text, lines } = specWith();
    const d = expectOne(validateSpec(text, small), 'batch-size-exceeds-data', 'warning', ['training', 'batchSize'], at(lines, 13, '16'));
    assert.deepEqual(d.data, { expected: 10 });
  });

  it('data-file-missing for each named file the caller cannot find', () => {
    const { text, lines } = specWith({ 4: '  "data": { "idx": { "trainImages": "x.gz", "trainLabels": "y.gz" } },' });
    const present = new Set(['y.gz']);
    const asked: string[] = [];
    const context: SpecContext = { fileExists: (p) => { asked.push(p); return present.has(p); } };
    const d = expectOne(validateSpec(text, context), 'data-file-missing', 'error', ['data', 'idx', 'trainImages'], at(lines, 4, '"x.gz"'));
    assert.deepEqual(asked, ['x.gz', 'y.gz']);
    assert.deepEqual(d.data, { file: 'x.gz' });
    assert.match(d.message, /file "x\.gz" not found \(paths are relative to the spec file\)/);
  });

  it('a csv and its test csv are both checked; a throwing fileExists does not escape', () => {
    const { text, lines } = specWith({ 4: '  "data": { "csv": "a.csv", "target": "y", "testCsv": "b.csv" },' });
    const diagnostics = validateSpec(text, { fileExists: (p) => p === 'a.csv' });
    expectOne(diagnostics, 'data-file-missing', 'error', ['data', 'testCsv'], at(lines, 4, '"b.csv"'));
    assert.doesNotThrow(() => validateSpec(text, { fileExists: () => { throw new Error('EACCES'); } }));
  });
});
