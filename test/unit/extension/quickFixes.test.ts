// Spec → quick-fix edits, by diagnostic code, applied to real spec text (comments and layout kept).
import * as assert from 'node:assert/strict';
import { applyEdits } from 'jsonc-parser';
import { validateSpec } from '../../../src/engine/spec';
import { quickFixesFor } from '../../../src/extension/authoring/quickFixes';
import type { ProbeDiagnostic } from '../../../src/protocol';

const SPEC = `// comment at the top
{
  "data": { "builtin": "xor" },
  "layers": [
    { "units": 3 },                     // input
    { "units": 4, "activation": "relu2" },
    { "units": 2, "activation": "tanh" }
  ],
  "loss": "cross_entropy",
  "optimizer": { "type": "sgd", "learningRate": 0.1, "momentun": 0.9 },
  "training": { "epochs": 1, "batchSize": 4 }
}
`;

/** Applies the fix titled `title` offered for the first diagnostic with `code`. */
function fix(text: string, code: string, title: string, diagnostics: ProbeDiagnostic[] = validateSpec(text)): string {
  const d = diagnostics.find((x) => x.code === code);
  assert.ok(d, `no ${code} in ${diagnostics.map((x) => x.code)}`);
  const offered = quickFixesFor(text, d);
  const chosen = offered.find((f) => f.title === title);
  assert.ok(chosen, `no "${title}"; offered ${offered.map((f) => f.title)}`);
  return applyEdits(text, chosen.edits);
}

describe('quick fixes', () => {
  it('unknown enum value → the suggested name, comments kept', () => {
    const fixed = fix(SPEC, 'unknown-enum-value', 'Set layers[1].activation to "relu"');
    assert.match(fixed, /\{ "units": 4, "activation": "relu" \},/);
    assert.match(fixed, /^\/\/ comment at the top/);
    assert.match(fixed, /\/\/ input/);
  });

  it('input units → the data\'s feature count (xor has 2)', () => {
    assert.match(fix(SPEC, 'input-units-mismatch', 'Set layers[0].units to 2'), /\{ "units": 2 \},\s+\/\/ input/);
  });

  it('cross_entropy with a tanh output → softmax output (preferred) or mse', () => {
    const d = validateSpec(SPEC).find((x) => x.code === 'loss-activation-mismatch')!;
    const fixes = quickFixesFor(SPEC, d);
    assert.deepEqual(fixes.map((f) => [f.title, f.isPreferred]), [['Set layers[2].activation to "softmax"', true], ['Set loss to "mse"', false]]);
    const fixed = applyEdits(SPEC, fixes[0].edits);
    assert.equal(validateSpec(fixed).filter((x) => x.code === 'loss-activation-mismatch').length, 0);
  });

  it('several sigmoid outputs with cross_entropy (one-vs-rest hint) → softmax output, offered, not required', () => {
    const oneVsRest = SPEC.replace('"activation": "tanh"', '"activation": "sigmoid"');
    const fixed = fix(oneVsRest, 'sigmoid-one-vs-rest', 'Set layers[2].activation to "softmax"');
    assert.match(fixed, /\{ "units": 2, "activation": "softmax" \}/);
    assert.equal(validateSpec(fixed).filter((x) => x.code === 'sigmoid-one-vs-rest').length, 0);
  });

  it('misspelt property → renamed keeping its value, or removed', () => {
    const renamed = fix(SPEC, 'unknown-property', 'Rename "momentun" to "momentum"');
    assert.match(renamed, /"momentum": 0\.9/);
    const removed = fix(SPEC, 'unknown-property', 'Remove "momentun"');
    assert.doesNotMatch(removed, /momentun/);
    assert.equal(JSON.parse(removed.replace(/\/\/.*$/gm, '')).optimizer.learningRate, 0.1);
  });

  it('after all fixes the spec validates without errors', () => {
    let text = fix(SPEC, 'unknown-enum-value', 'Set layers[1].activation to "relu"');
    text = fix(text, 'input-units-mismatch', 'Set layers[0].units to 2');
    text = fix(text, 'loss-activation-mismatch', 'Set layers[2].activation to "softmax"');
    assert.deepEqual(validateSpec(text).filter((d) => d.severity === 'error').map((d) => d.code), []);
  });

  it('a transposed activation ("rleu") is caught: the fix sets "relu"', () => {
    assert.match(fix(SPEC.replace('"relu2"', '"rleu"'), 'unknown-enum-value', 'Set layers[1].activation to "relu"'), /"activation": "relu" \}/);
  });

  it('a learning rate of 0 or below → the typical rate of the optimizer type (as the schema\'s snippets)', () => {
    assert.match(fix(SPEC.replace('"learningRate": 0.1', '"learningRate": -0.1'), 'out-of-range', 'Set optimizer.learningRate to 0.1'), /"learningRate": 0\.1,/);
    const adam = SPEC.replace('"type": "sgd", "learningRate": 0.1', '"type": "adam", "learningRate": 0');
    assert.match(fix(adam, 'out-of-range', 'Set optimizer.learningRate to 0.001'), /"learningRate": 0\.001,/);
  });

  it('a target column the CSV lacks → one fix per column, the last column (the usual target) first', () => {
    const csv = SPEC.replace('{ "builtin": "xor" }', '{ "csv": "d.csv", "target": "species" }');
    const start = csv.split('\n').findIndex((l) => l.includes('"species"'));
    const d: ProbeDiagnostic = {
      severity: 'error', code: 'target-column-missing', path: ['data', 'target'], message: 'target column "species" is not in the header',
      range: { start: { line: start, character: 0 }, end: { line: start, character: 0 } }, data: { file: 'd.csv', columns: ['f1', 'f2', 'label'] },
    };
    assert.deepEqual(quickFixesFor(csv, d).map((f) => f.title), ['Set data.target to "label"', 'Set data.target to "f2"', 'Set data.target to "f1"']);
    assert.match(fix(csv, 'target-column-missing', 'Set data.target to "label"', [d]), /"target": "label"/);
  });

  it('codes without a fix offer none', () => {
    assert.deepEqual(quickFixesFor(SPEC, { code: 'syntax-error', path: [], range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }), []);
  });
});
