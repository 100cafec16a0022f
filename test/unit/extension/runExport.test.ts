// Export Trained Model… writes from the run's own spec (its folder's spec.json), not the spec file as edited since.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runToExport, type ExportableRun } from '../../../src/extension/session/runExport';
import { nodeRunFs } from './fixtures/nodeRunHost';

const root = mkdtempSync(join(tmpdir(), 'bpl-run-export-'));
const specPath = join(root, 'c.nn.json');
const trained = '{ "layers": [{ "units": 2 }, { "units": 4, "activation": "relu" }] }';
const editedSince = '{ "layers": [{ "units": 2 }, { "units": 9, "activation": "tanh" }] }';
writeFileSync(specPath, editedSince);

function endedRun(runFolder: string | undefined, specText: string | undefined): ExportableRun {
  return { isActive: false, ended: Promise.resolve(), runFolder, specText, specPath, requestModel: () => Promise.reject(new Error('no worker')) };
}

function folderWith(name: string, files: Record<string, string>): string {
  const folder = join(root, name);
  mkdirSync(folder);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(folder, file), text);
  return folder;
}

describe('runToExport', () => {
  it('an ended run: its folder\'s model.json and spec.json, not the spec file on disk nor the text in memory', async () => {
    const folder = folderWith('ended', { 'model.json': '{"format":"m"}', 'spec.json': trained });
    const run = await runToExport(endedRun(folder, 'in memory'), nodeRunFs, (f) => f);
    assert.deepEqual(run, { model: { format: 'm' }, specText: trained, specPath });
  });

  it('a run folder without spec.json: the text the run started with; an active run: the worker\'s model and that text', async () => {
    const folder = folderWith('older', { 'model.json': '{}' });
    assert.equal((await runToExport(endedRun(folder, trained), nodeRunFs, (f) => f)).specText, trained);
    const active: ExportableRun = { ...endedRun(undefined, trained), isActive: true, requestModel: async () => ({ live: true }) };
    assert.deepEqual(await runToExport(active, nodeRunFs, (f) => f), { model: { live: true }, specText: trained, specPath });
  });

  it('says why there is nothing to export', async () => {
    await assert.rejects(runToExport(endedRun(undefined, trained), nodeRunFs, (f) => f), /the last run saved no model/);
    await assert.rejects(runToExport(endedRun(folderWith('failed', {}), trained), nodeRunFs, (f) => f), /failed before training ended/);
  });
});
