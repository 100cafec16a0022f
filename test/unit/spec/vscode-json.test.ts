/**
 * The schema as VS Code uses it: vscode-json-languageservice is the engine behind VS Code's JSON support and
 * `contributes.jsonValidation`, so these tests check validation, comments, hovers and completion without VS Code.
 */
import { strict as assert } from 'node:assert';
import { getLanguageService, JSONSchema, MarkupContent } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { editorSchemaJsonText, schemaJsonText, validateSpec } from '../../../src/engine/spec';
import { specWith } from './helpers';

const URI = 'file:///work/xor.nn.json';

/** The JSON language service with `schemaText` for *.nn.json: the editor schema unless a test asks for the format's. */
function service(schemaText = editorSchemaJsonText()) {
  const ls = getLanguageService({});
  ls.configure({ validate: true, allowComments: false, schemas: [{ uri: 'nnspec://schema', fileMatch: ['*.nn.json'], schema: JSON.parse(schemaText) as JSONSchema }] });
  return ls;
}

function open(text: string, schemaText?: string) {
  const ls = service(schemaText);
  const document = TextDocument.create(URI, 'json', 1, text);
  return { ls, document, json: ls.parseJSONDocument(document) };
}

/** Diagnostics as VS Code computes them for a .json file (comments and trailing commas are errors unless the schema allows them). */
async function validate(text: string, schemaText?: string) {
  const { ls, document, json } = open(text, schemaText);
  return ls.doValidation(document, json, { comments: 'error', trailingCommas: 'error' });
}

describe('the schema in VS Code\'s JSON language service', () => {
  it('accepts the commented base spec with a trailing comma (allowComments / allowTrailingCommas)', async () => {
    assert.deepEqual(await validate(specWith().text), []);
  });

  it('the format schema (nnspec.schema.json) flags a misspelt activation at its value and an unknown property', async () => {
    const { text, lines } = specWith({ 7: '    { "units": 8, "activation": "rellu" },', 13: '  "training": { "epochs": 100, "batchSize": 16, "epoch": 3 },' });
    const diagnostics = await validate(text, schemaJsonText());
    const enumProblem = diagnostics.find((d) => d.range.start.line === 7);
    assert.ok(enumProblem, JSON.stringify(diagnostics));
    assert.equal(enumProblem.range.start.character, lines[7].indexOf('"rellu"'));
    assert.ok(diagnostics.some((d) => d.range.start.line === 13 && /epoch/.test(JSON.stringify(d.message))), JSON.stringify(diagnostics));
  });

  // The extension's validator reports each of these; VS Code's JSON service must not report it a second time.
  const PROBLEMS: [string, Record<number, string>][] = [
    ['a misspelt activation', { 7: '    { "units": 8, "activation": "rellu" },' }],
    ['an unknown property', { 13: '  "training": { "epochs": 100, "batchSize": 16, "epoch": 3 },' }],
    ['a learning rate out of range', { 12: '  "optimizer": { "type": "sgd", "learningRate": -1 },' }],
    ['zero units', { 7: '    { "units": 0, "activation": "tanh" },' }],
    ['a missing required property', { 13: '  "training": { "epochs": 100 },' }],
    ['a data source of no known kind', { 4: '  "data": { "samples": 200 },' }],
    ['an empty layers list', { 5: '  "layers": [', 6: '  ', 7: '  ', 8: '  ' }],
  ];
  for (const [what, replacements] of PROBLEMS) {
    it(`the editor schema leaves ${what} to the extension's validator (one report, not two)`, async () => {
      const { text } = specWith(replacements);
      assert.ok(validateSpec(text).length > 0, `the validator reports ${what}`);
      assert.deepEqual(await validate(text), []);
    });
  }

  it('the editor schema accepts every valid spec the format schema accepts, and still flags a value of the wrong JSON type', async () => {
    assert.deepEqual(await validate(specWith().text), []);
    const { text } = specWith({ 7: '    { "units": "8", "activation": "tanh" },' });
    assert.ok((await validate(text)).some((d) => d.range.start.line === 7));
  });

  it('hover on an activation value teaches σ and σ\'', async () => {
    const { text, lines } = specWith();
    const { ls, document, json } = open(text);
    const hover = await ls.doHover(document, { line: 8, character: lines[8].indexOf('sigmoid') + 2 }, json);
    const contents = JSON.stringify(hover?.contents);
    assert.match(contents, /σ'\(z\) = σ\(z\)\(1 − σ\(z\)\)/);
  });

  it('hover on "loss" shows ∇_a E', async () => {
    const { text, lines } = specWith();
    const { ls, document, json } = open(text);
    const hover = await ls.doHover(document, { line: 10, character: lines[10].indexOf('cross_entropy') + 2 }, json);
    assert.match(JSON.stringify(hover?.contents), /∇_a E = \(a − y\)\/\(a\(1 − a\)\)/);
  });

  it('completion at an activation value offers every activation with its derivative', async () => {
    const { text, lines } = specWith({ 7: '    { "units": 8, "activation":  },' });
    const { ls, document, json } = open(text);
    const list = await ls.doComplete(document, { line: 7, character: lines[7].indexOf(':  }') + 2 }, json);
    const labels = list?.items.map((item) => item.label) ?? [];
    for (const name of ['"sigmoid"', '"tanh"', '"relu"', '"leaky_relu"', '"linear"', '"softmax"']) assert.ok(labels.includes(name), labels.join());
    const relu = list!.items.find((item) => item.label === '"relu"')!;
    const documentation = typeof relu.documentation === 'string' ? relu.documentation : (relu.documentation as MarkupContent | undefined)?.value ?? '';
    assert.match(documentation, /σ'\(z\) = 1/);
  });
});
