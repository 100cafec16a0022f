// Run folders: names from the spec and time, a new folder per run even within one second, atomic non-overwriting writes.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunFolder, jsonBytes, safeSegment, specBaseName, timestampSegment, writeFileAtomic, type RunFolderFs } from '../../../src/extension/session/runFolder';

/** node:fs behind RunFolderFs; rename refuses to overwrite like workspace.fs.rename({ overwrite: false }). */
const nodeFs: RunFolderFs<string> = {
  join: (base, ...parts) => join(base, ...parts),
  exists: async (p) => existsSync(p),
  createDirectory: async (p) => { mkdirSync(p, { recursive: true }); },
  writeFile: async (p, bytes) => writeFileSync(p, bytes),
  rename: async (from, to) => { if (existsSync(to)) throw new Error('EEXIST'); renameSync(from, to); },
  delete: async (p) => rmSync(p, { force: true }),
};

describe('run folders', () => {
  let root: string;
  beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'bpl-runs-')); });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('names: spec base name without .nn.json, safe characters, ISO time without colons', () => {
    assert.equal(specBaseName('/w/specs/My Net.nn.json'), 'My Net');
    assert.equal(safeSegment('My Net/../x:y'), 'My-Net-..-x-y');
    assert.equal(safeSegment('///'), 'run');
    assert.equal(timestampSegment(new Date('2026-11-28T01:02:03.456Z')), '2026-11-28T01-02-03');
  });

  it('three runs in the same second get three folders', async () => {
    const date = new Date('2026-11-28T01:02:03Z');
    const runs = join(root, '.backprop-lens', 'runs');
    const folders = [];
    for (let i = 0; i < 3; i++) folders.push(await createRunFolder(nodeFs, runs, 'xor', date));
    assert.deepEqual(folders.map((f) => f.slice(runs.length + 1)), ['xor-2026-11-28T01-02-03', 'xor-2026-11-28T01-02-03-2', 'xor-2026-11-28T01-02-03-3']);
    assert.ok(folders.every((f) => statSync(f).isDirectory()));
  });

  it('writeFileAtomic writes through a temp file, leaves no temp behind and never overwrites', async () => {
    const target = await writeFileAtomic(nodeFs, root, 'model.json', jsonBytes({ a: 1 }));
    assert.deepEqual(JSON.parse(readFileSync(target, 'utf8')), { a: 1 });
    await assert.rejects(writeFileAtomic(nodeFs, root, 'model.json', jsonBytes({ a: 2 })), /already exists/);
    assert.deepEqual(JSON.parse(readFileSync(target, 'utf8')), { a: 1 }, 'the earlier file is intact');
    assert.deepEqual(readdirSync(root), ['model.json']);
  });
});
