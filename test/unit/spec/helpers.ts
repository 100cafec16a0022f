/** Spec fixtures built line by line, so expected ranges are (line index, column of a snippet in that line). */
import { strict as assert } from 'node:assert';
import type { JsonPath, SpecDiagnostic, SpecRange, SpecSeverity } from '../../../src/engine/spec';

/** A valid spec; tests replace whole lines to plant one problem each. */
export const BASE_LINES = [
  '{',
  '  // XOR with one hidden layer',
  '  "name": "xor",',
  '  "seed": 1,',
  '  "data": { "builtin": "xor", "samples": 200, "noise": 0.1, "testFraction": 0.2 },',
  '  "layers": [',
  '    { "units": 2 },',
  '    { "units": 8, "activation": "tanh" },',
  '    { "units": 1, "activation": "sigmoid" }',
  '  ],',
  '  "loss": "cross_entropy",',
  '  "init": "xavier",',
  '  "optimizer": { "type": "sgd", "learningRate": 0.5 },',
  '  "training": { "epochs": 100, "batchSize": 16 },',
  '  "regularization": { "l2": 0 },',
  '  "gradientCheck": { "epsilon": 1e-5, "samples": 3 },',
  '}',
];

/** The base spec with some lines replaced: { 6: '    { "units": 3 },' }. */
export function specWith(replacements: Record<number, string> = {}): { text: string; lines: string[] } {
  const lines = BASE_LINES.map((line, i) => replacements[i] ?? line);
  return { text: lines.join('\n'), lines };
}

/** The range of `snippet` on line `line` (it must occur there exactly once). */
export function at(lines: string[], line: number, snippet: string): SpecRange {
  const character = lines[line].indexOf(snippet);
  assert.ok(character >= 0, `fixture: "${snippet}" not on line ${line}: ${lines[line]}`);
  assert.equal(lines[line].lastIndexOf(snippet), character, `fixture: "${snippet}" occurs twice on line ${line}`);
  return { start: { line, character }, end: { line, character: character + snippet.length } };
}

/** Asserts exactly one diagnostic with `code`, and its severity, path and range; returns it. */
export function expectOne(diagnostics: SpecDiagnostic[], code: string, severity: SpecSeverity, path: JsonPath, range: SpecRange): SpecDiagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got: ${JSON.stringify(diagnostics.map((d) => `${d.code} ${JSON.stringify(d.path)}`))}`);
  assert.equal(found[0].severity, severity, found[0].message);
  assert.deepEqual(found[0].path, path);
  assert.deepEqual(found[0].range, range, found[0].message);
  return found[0];
}

/** Only the problems of the given severity. */
export function ofSeverity(diagnostics: SpecDiagnostic[], severity: SpecSeverity): SpecDiagnostic[] {
  return diagnostics.filter((d) => d.severity === severity);
}
