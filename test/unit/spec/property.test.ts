import { strict as assert } from 'node:assert';
import Ajv from 'ajv';
import fc from 'fast-check';
import { ACTIVATIONS, LOSSES, SpecContext, SpecDiagnostic, parseSpecText, schemaJsonText, validateSpec } from '../../../src/engine/spec';
import { BASE_LINES } from './helpers';

const BASE_TEXT = BASE_LINES.join('\n');
/** The base spec as a plain value (comments and the trailing comma removed by hand). */
const BASE_VALUE = {
  name: 'xor', seed: 1,
  data: { builtin: 'xor', samples: 200, noise: 0.1, testFraction: 0.2 },
  layers: [{ units: 2 }, { units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }],
  loss: 'cross_entropy', init: 'xavier',
  optimizer: { type: 'sgd', learningRate: 0.5 },
  training: { epochs: 100, batchSize: 16 },
  regularization: { l2: 0 },
  gradientCheck: { epsilon: 1e-5, samples: 3 },
};
const CONTEXT: SpecContext = {
  dataInfo: { inputSize: 2, outputSize: 2, task: 'classification', classCount: 2, sampleCount: 50 },
  fileExists: (p) => p.length % 2 === 0,
};
const STRUCTURAL = new Set(['wrong-type', 'not-integer', 'not-finite', 'out-of-range', 'unknown-enum-value', 'missing-property',
  'unknown-property', 'data-source-missing', 'data-source-ambiguous', 'empty-string']);
const SEVERITIES = new Set(['error', 'warning', 'info']);
/** Runs per property; raise with SPEC_PROPERTY_RUNS=30000 for a longer search. */
const RUNS = Number(process.env.SPEC_PROPERTY_RUNS ?? 3000);
let tried = 0;

/** Every diagnostic is well-formed and its range lies inside the text (lines split independently of LineIndex). */
function assertWellFormed(text: string, diagnostics: SpecDiagnostic[]): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const d of diagnostics) {
    assert.ok(SEVERITIES.has(d.severity) && d.code.length > 0 && d.message.length > 0, JSON.stringify(d));
    assert.ok(Array.isArray(d.path) && d.path.every((p) => typeof p === 'string' || typeof p === 'number'), JSON.stringify(d));
    for (const pos of [d.range.start, d.range.end]) {
      assert.ok(Number.isInteger(pos.line) && pos.line >= 0 && pos.line < lines.length, `line out of bounds: ${JSON.stringify(d)}`);
      assert.ok(Number.isInteger(pos.character) && pos.character >= 0 && pos.character <= lines[pos.line].length, `character out of bounds: ${JSON.stringify(d)}`);
    }
    const { start, end } = d.range;
    assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `reversed range: ${JSON.stringify(d)}`);
  }
}

function check(text: string): void {
  tried++;
  assertWellFormed(text, validateSpec(text));
  assertWellFormed(text, validateSpec(text, CONTEXT));
  assertWellFormed(text, parseSpecText(text).diagnostics);
}

const TOKENS = ['{', '}', '[', ']', '"', ':', ',', ' ', '\n', '\r\n', '\r', '\t', '"layers"', '"units"', '"data"', '"builtin"', '"xor"',
  '"activation"', '"softmax"', '1', '0', '-', '.', 'e', '1e999', 'true', 'null', 'NaN', '//', '/*', '*/', '\\', '\\u12', 'é', '🧠', '\u0000', "'"];

/** A value to plant somewhere in the spec: junk, edge numbers, or names the schema knows. */
const plantedValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.integer({ min: -5, max: 20_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(...ACTIVATIONS, ...LOSSES, 'adam', 'momentum', 'sine', 'spiral', 'relu ', '', 0, 1, 0.5, 1e300, -1e-300),
);

/** The base value with one key set, deleted or added at a random place. */
const mutatedValue = fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('set', 'delete', 'add'), plantedValue, fc.string({ maxLength: 8 }))
  .map(([i, j, op, value, key]) => {
    const spec = structuredClone(BASE_VALUE) as Record<string, unknown>;
    const containers: Record<string, unknown>[] = [spec];
    for (const v of Object.values(spec)) if (v && typeof v === 'object') containers.push(...(Array.isArray(v) ? v : [v]) as Record<string, unknown>[]);
    const target = containers[i % containers.length];
    const keys = Object.keys(target);
    const name = op === 'add' ? key : keys[j % keys.length];
    if (op === 'delete') delete target[name];
    else target[name] = value;
    return spec;
  });

const ajvValidate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(schemaJsonText()));

describe('spec validation, property-based', function () {
  this.timeout(120_000);
  after(() => console.log(`      (spec validator: ${tried} generated inputs tried)`));

  it('random JSON-ish token soup never throws and every problem has a path and an in-bounds range', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }), (tokens) => check(tokens.join(''))), { numRuns: RUNS });
  });

  it('random JSON values (any shape) never throw', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => check(JSON.stringify(value) ?? '')), { numRuns: RUNS });
  });

  it('random text mutations of a valid spec (delete, insert, replace) never throw', () => {
    const edit = fc.tuple(fc.nat({ max: BASE_TEXT.length }), fc.nat({ max: 12 }), fc.array(fc.constantFrom(...TOKENS), { maxLength: 3 }));
    fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
      let text = BASE_TEXT;
      for (const [offset, removed, inserted] of edits) text = text.slice(0, offset) + inserted.join('') + text.slice(offset + removed);
      check(text);
    }), { numRuns: RUNS });
  });

  it('value mutations: the validator agrees with ajv (an independent draft-07 validator) on structural validity', () => {
    let invalid = 0;
    fc.assert(fc.property(mutatedValue, fc.boolean(), (spec, pretty) => {
      const text = JSON.stringify(spec, null, pretty ? 2 : 0);
      check(text);
      const ours = parseSpecText(text).diagnostics.some((d) => STRUCTURAL.has(d.code))
        || validateSpec(text).some((d) => d.code === 'no-dense-layer'); // minItems: 2 is reported by that semantic rule
      const theirs = !ajvValidate(spec);
      if (theirs) invalid++;
      assert.equal(ours, theirs, `ours ${ours}, ajv ${theirs} (${JSON.stringify(ajvValidate.errors)}) for ${text}`);
    }), { numRuns: RUNS });
    assert.ok(invalid > RUNS / 10, `only ${invalid} of ${RUNS} mutations were invalid: the generator is too tame`);
  });
});
