// Specs a user copies (examples/, the New Spec templates, the walkthrough) carry no relative "$schema": the extension's
// jsonValidation supplies the schema for every *.nn.json, and a relative path breaks as soon as the file is copied
// elsewhere (VS Code: "Unable to load schema from …/schemas/nnspec.schema.json").
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TEMPLATES } from '../../../src/extension/templates';

const root = resolve(__dirname, '../../..');
/** Every "$schema" value in a text that is not an absolute URL. */
const relativeSchemas = (text: string): string[] => [...text.matchAll(/"\$schema"\s*:\s*"([^"]*)"/g)].map((m) => m[1]).filter((v) => !/^[a-z][a-z0-9+.-]*:/i.test(v));

describe('no relative $schema in what users copy', () => {
  const sources: [string, string][] = [
    ...readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.json')).map((f): [string, string] => [`examples/${f}`, readFileSync(join(root, 'examples', f), 'utf8')]),
    ...readdirSync(join(root, 'walkthrough')).map((f): [string, string] => [`walkthrough/${f}`, readFileSync(join(root, 'walkthrough', f), 'utf8')]),
    ...TEMPLATES.map((t): [string, string] => [`template ${t.id}`, t.spec('my-net')]),
  ];

  it('the check sees the examples, the walkthrough and the templates', () => {
    assert.ok(sources.filter(([name]) => name.startsWith('examples/')).length >= 5);
    assert.ok(sources.some(([name]) => name.startsWith('walkthrough/')) && sources.some(([name]) => name.startsWith('template ')));
    assert.deepEqual(relativeSchemas('{ "$schema": "../schemas/nnspec.schema.json" }'), ['../schemas/nnspec.schema.json'], 'the check can fail');
  });

  for (const [name, text] of sources) {
    it(`${name}: no relative $schema`, () => assert.deepEqual(relativeSchemas(text), []));
  }
});
