/**
 * The schema as VS Code uses it: vscode-json-languageservice is the engine behind VS Code's JSON support and
 * `contributes.jsonValidation`, so these tests check validation, comments, hovers and completion without VS Code.
 */
import { strict as assert } from 'node:assert';
import { getLanguageService, JSONSchema, MarkupContent } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { schemaJsonText } from '../../../src/engine/spec';
import { specWith } from './helpers';

const URI = 'file:///work/xor.nn.json';

function service() {
  const ls = getLanguageService({});
  ls.configure({ validate: true, allowComments: false, schemas: [{ uri: 'nnspec://schema', fileMatch: ['*.nn.json'], schema: JSON.parse(schemaJsonText()) as JSONSchema }] });
  return ls;
}

function open(text: string) {
  const ls = service();
  const document = TextDocument.create(URI, 'json', 1, text);
  return { ls, document, json: ls.parseJSONDocument(document) };
}

/** Diagnostics as VS Code computes them for a .json file (comments and trailing commas are errors unless the schema allows them). */
async function validate(text: string) {
  const { ls, document, json } = open(text);
  return ls.doValidation(document, json, { comments: 'error', trailingCommas: 'error' });
}

describe('the schema in VS Code\'s JSON language service', () => {
  it('accepts the commented base spec with a trailing comma (allowComments / allowTrailingCommas)', async () => {
    assert.deepEqual(await validate(specWith().text), []);
  });

  it('flags a misspelt activation at its value and an unknown property', async () => {
    const { text, lines } = specWith({ 7: '    { "units": 8, "activation": "rellu" },', 13: '  "training": { "epochs": 100, "batchSize": 16, "epoch": 3 },' });
    const diagnostics = await validate(text);
    const enumProblem = diagnostics.find((d) => d.range.start.line === 7);
    assert.ok(enumProblem, JSON.stringify(diagnostics));
    assert.equal(enumProblem.range.start.character, lines[7].indexOf('"rellu"'));
    assert.ok(diagnostics.some((d) => d.range.start.line === 13 && /epoch/.test(JSON.stringify(d.message))), JSON.stringify(diagnostics));
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
