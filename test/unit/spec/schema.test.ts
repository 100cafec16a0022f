import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import ts from 'typescript';
import {
  ACTIVATIONS, BUILTIN_DATA, INITS, JsonSchema, LOSSES, NN_SPEC_SCHEMA, NORMALIZATIONS, OPTIMIZERS, editorSchemaJsonText, schemaJsonText,
} from '../../../src/engine/spec';
import { ACTIVATION_DOCS, LOSS_DOCS } from '../../../src/engine/spec/schema-docs';
import { specWith } from './helpers';

const root = resolve(__dirname, '../../..');
const props = (schema: JsonSchema | undefined): Record<string, JsonSchema> => schema?.properties ?? {};

describe('spec JSON Schema', () => {
  it('schemas/nnspec.schema.json and nnspec.editor.schema.json are exactly what schema.ts generates (run npm run gen-schema)', () => {
    assert.equal(readFileSync(join(root, 'schemas/nnspec.schema.json'), 'utf8'), schemaJsonText());
    assert.equal(readFileSync(join(root, 'schemas/nnspec.editor.schema.json'), 'utf8'), editorSchemaJsonText());
  });

  it('enums are the exported name lists of types.ts', () => {
    const data = NN_SPEC_SCHEMA.properties!.data.oneOf!;
    const layers = NN_SPEC_SCHEMA.properties!.layers;
    assert.deepEqual(props(NN_SPEC_SCHEMA).loss.enum, LOSSES);
    assert.deepEqual(props(NN_SPEC_SCHEMA).init.enum, INITS);
    assert.deepEqual(props(props(NN_SPEC_SCHEMA).optimizer).type.enum, OPTIMIZERS);
    assert.deepEqual(props(layers.additionalItems).activation.enum, ACTIVATIONS);
    assert.deepEqual(props(data[0]).builtin.enum, BUILTIN_DATA);
    assert.deepEqual(props(data[1]).normalize.enum, NORMALIZATIONS);
  });

  it('every activation and loss teaches σ, σ\' and ∇_a E, in plain text and Markdown', () => {
    const activation = props(NN_SPEC_SCHEMA.properties!.layers.additionalItems).activation;
    assert.equal(activation.enumDescriptions?.length, ACTIVATIONS.length);
    assert.equal(activation.markdownEnumDescriptions?.length, ACTIVATIONS.length);
    assert.deepEqual(Object.keys(ACTIVATION_DOCS), [...ACTIVATIONS]);
    for (const doc of Object.values(ACTIVATION_DOCS)) assert.match(doc.text, /σ'|∂a_j\/∂z_k/);
    assert.match(ACTIVATION_DOCS.sigmoid.text, /σ\(z\) = 1\/\(1\+e\^\(−z\)\), σ'\(z\) = σ\(z\)\(1−σ\(z\)\)/);
    assert.deepEqual(Object.keys(LOSS_DOCS), [...LOSSES]);
    for (const doc of Object.values(LOSS_DOCS)) assert.match(doc.text, /∇_a E =/);
    assert.equal(NN_SPEC_SCHEMA.allowComments, true);
    assert.equal(NN_SPEC_SCHEMA.allowTrailingCommas, true);
  });

  it('is a valid draft-07 schema for an independent validator (ajv) that accepts the base spec and its snippet', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(schemaJsonText()));
    const base = ts.parseConfigFileTextToJson('spec', specWith().text).config as Record<string, unknown>; // a JSONC reader that is not jsonc-parser
    assert.ok(validate(base), JSON.stringify(validate.errors));
    assert.ok(validate(NN_SPEC_SCHEMA.defaultSnippets![0].body), JSON.stringify(validate.errors));
    assert.equal(validate({ ...base, layers: [{ units: 2 }, { units: 0, activation: 'relu' }] }), false);
    assert.equal(validate({ ...base, loss: 'hinge' }), false);
    assert.equal(validate({ ...base, data: { builtin: 'xor', csv: 'a.csv', target: 'y' } }), false);
  });

  it('objectSchema<T>() refuses, at compile time, a schema missing a field of T or naming one T lacks', function () {
    this.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), 'schema-drift-'));
    try {
      const file = join(dir, 'drift.ts');
      const helper = join(root, 'src/engine/spec/schema-types').replace(/\\/g, '/');
      writeFileSync(file, [
        `import { objectSchema } from '${helper}';`,
        'interface Spec { units: number; activation?: string; addedLater: number }',
        "export const missing = objectSchema<Spec>()({ properties: { units: {}, activation: {} }, required: ['units'] });",
        "export const extra = objectSchema<Spec>()({ properties: { units: {}, activation: {}, addedLater: {}, typo: {} }, required: ['units', 'addedLater'] });",
        "export const notRequired = objectSchema<Spec>()({ properties: { units: {}, activation: {}, addedLater: {} }, required: ['units'] });",
        "export const fine = objectSchema<Spec>()({ properties: { units: {}, activation: {}, addedLater: {} }, required: ['units', 'addedLater'] });",
      ].join('\n'));
      const program = ts.createProgram([file], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], types: [], skipLibCheck: true });
      const errorLines = ts.getPreEmitDiagnostics(program)
        .filter((d) => d.file?.fileName === file.replace(/\\/g, '/') || d.file?.fileName === file)
        .map((d) => d.file!.getLineAndCharacterOfPosition(d.start!).line);
      assert.deepEqual([...new Set(errorLines)].sort(), [2, 3, 4], `errors on lines ${errorLines}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
