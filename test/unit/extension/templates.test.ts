// "New Network Spec…" templates: each validates as written and (except Fashion-MNIST's external files) trains.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSpecText, validateSpec } from '../../../src/engine/spec';
import { createTrainer, prepareRun } from '../../../src/engine/train/run';
import { TEMPLATES, specNameFrom } from '../../../src/extension/templates';
import { dataAccess } from '../../../src/worker/dataAccess';

describe('spec templates', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'bpl-templates-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('offers xor, spiral, CSV classifier, regression, Fashion-MNIST and the deep sigmoid network', () => {
    assert.deepEqual(TEMPLATES.map((t) => t.id), ['xor', 'spiral', 'csv', 'regression', 'fashion-mnist', 'vanishing']);
  });

  it('vanishing is examples/deep-sigmoid.nn.json (the network the CLI test checks) under another name', () => {
    const example = readFileSync(join(__dirname, '../../../examples/deep-sigmoid.nn.json'), 'utf8');
    const strip = (text: string) => JSON.stringify({ ...parseSpecText(text).spec, name: undefined, $schema: undefined, init: undefined });
    assert.equal(strip(TEMPLATES.find((t) => t.id === 'vanishing')!.spec('x')), strip(example));
  });

  for (const template of TEMPLATES) {
    it(`${template.id}: has comments, no validation problems, and its name in "name"`, () => {
      const text = template.spec('my-net');
      assert.match(text, /^\/\/ /);
      assert.deepEqual(validateSpec(text).map((d) => `${d.code}: ${d.message}`), []);
      assert.match(text, /"name": "my-net"/);
    });
  }

  for (const template of TEMPLATES.filter((t) => t.id !== 'fashion-mnist')) {
    it(`${template.id}: loads its data (sample CSV written next to it) and five epochs lower the loss`, () => {
      const specPath = join(dir, `${template.id}.nn.json`);
      const text = template.spec(template.id);
      writeFileSync(specPath, text);
      for (const file of template.files?.(template.id) ?? []) writeFileSync(join(dir, file.fileName), file.text);
      const access = dataAccess(specPath, { workspaceRoot: dir });
      const { spec, dataset, diagnostics } = prepareRun(text, access.readFile, { gunzip: access.gunzip });
      assert.deepEqual(diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message), []);
      const trainer = createTrainer(spec, dataset);
      const before = trainer.evaluate('train').loss;
      for (let s = 0; s < 5 * trainer.stepsPerEpoch; s++) trainer.trainStep();
      assert.ok(trainer.evaluate('train').loss < before, `${template.id} loss did not go down`);
    });
  }

  it('specNameFrom keeps a usable file name', () => {
    assert.equal(specNameFrom(' my net.nn.json '), 'my-net');
    assert.equal(specNameFrom('../../evil'), 'evil');
    assert.equal(specNameFrom('///'), '');
  });
});
