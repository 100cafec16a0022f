// Data paths: relative to the spec, refused outside the workspace (.., absolute, symlinks out) unless allowed; probe diagnostics.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '../../../src/engine/data/dataset';
import { dataAccess, isInsideFolder, resolveDataPath } from '../../../src/worker/dataAccess';
import { probeDiagnostics } from '../../../src/worker/probe';
import { OPTIONS } from './helpers';

const CSV = 'a,b,c,d,label\n1,2,3,4,x\n2,3,4,5,y\n3,4,5,6,x\n4,5,6,7,y\n5,6,7,8,x\n6,7,8,9,y\n';

describe('worker data access', () => {
  let root: string, workspace: string, outside: string, specPath: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'bpl-data-'));
    workspace = join(root, 'ws');
    outside = join(root, 'outside');
    mkdirSync(join(workspace, 'specs'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(workspace, 'data.csv'), CSV);
    writeFileSync(join(outside, 'secret.csv'), CSV);
    symlinkSync(join(outside, 'secret.csv'), join(workspace, 'link.csv'));
    specPath = join(workspace, 'specs', 'a.nn.json');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('isInsideFolder: the folder itself and children yes; siblings, parents and prefixes no', () => {
    assert.equal(isInsideFolder('/w', '/w'), true);
    assert.equal(isInsideFolder('/w', '/w/a/b.csv'), true);
    assert.equal(isInsideFolder('/w', '/w2/b.csv'), false);
    assert.equal(isInsideFolder('/w', '/b.csv'), false);
    assert.equal(isInsideFolder('/w/a', '/w/..a'), false);
    assert.equal(isInsideFolder('/w', '/w/..a.csv'), true, 'a file named "..a.csv" is inside');
  });

  it('resolves relative to the spec folder and reads the file', () => {
    const access = dataAccess(specPath, { workspaceRoot: workspace });
    assert.equal(resolveDataPath(specPath, '../data.csv', { workspaceRoot: workspace }), join(workspace, 'data.csv'));
    assert.equal((access.readFile('../data.csv', 'text') as string).split('\n')[0], 'a,b,c,d,label');
  });

  for (const [what, written] of [['a .. path', '../../outside/secret.csv'], ['an absolute path', '/etc/hostname'], ['a symlink out', '../link.csv']]) {
    it(`refuses ${what} that leaves the workspace, naming the setting`, () => {
      const access = dataAccess(specPath, { workspaceRoot: workspace });
      assert.throws(() => access.readFile(written, 'text'), (e: unknown) => e instanceof DataError && e.file === written && /outside the workspace folder.*allowDataOutsideWorkspace/.test(e.message));
    });
  }

  it('allows outside paths when the setting says so', () => {
    const access = dataAccess(specPath, { workspaceRoot: workspace, allowDataOutsideWorkspace: true });
    assert.ok((access.readFile('../../outside/secret.csv', 'text') as string).startsWith('a,b'));
  });

  it('probe: the CSV\'s feature and class counts drive input/output unit diagnostics', () => {
    const text = JSON.stringify({
      data: { csv: '../data.csv', target: 'label' },
      layers: [{ units: 3 }, { units: 4, activation: 'relu' }, { units: 3, activation: 'softmax' }],
      loss: 'cross_entropy', optimizer: { type: 'sgd', learningRate: 0.1 }, training: { epochs: 1, batchSize: 2 },
    }, null, 2);
    const diagnostics = probeDiagnostics(specPath, text, { ...OPTIONS, workspaceRoot: workspace });
    const input = diagnostics.find((d) => d.code === 'input-units-mismatch');
    const output = diagnostics.find((d) => d.code === 'output-units-mismatch');
    assert.deepEqual(input?.data, { expected: 4 });
    assert.deepEqual(output?.data, { expected: 2 });
  });

  it('probe: the cached data shape is reloaded when the CSV changes', () => {
    const csvPath = join(workspace, 'changing.csv');
    writeFileSync(csvPath, 'a,b,label\n1,2,x\n2,3,y\n3,4,x\n4,5,y\n');
    const text = JSON.stringify({
      data: { csv: '../changing.csv', target: 'label' }, layers: [{ units: 2 }, { units: 2, activation: 'softmax' }],
      loss: 'cross_entropy', optimizer: { type: 'sgd', learningRate: 0.1 }, training: { epochs: 1, batchSize: 2 },
    });
    const probe = () => probeDiagnostics(specPath, text, { ...OPTIONS, workspaceRoot: workspace }).find((d) => d.code === 'input-units-mismatch')?.data;
    assert.equal(probe(), undefined, '2 features match');
    writeFileSync(csvPath, 'a,b,c,label\n1,2,3,x\n2,3,4,y\n3,4,5,x\n4,5,6,y\n');
    utimesSync(csvPath, new Date(), new Date(Date.now() + 5000));
    assert.deepEqual(probe(), { expected: 3 }, 'the new third column is seen');
  });

  it('probe: a data file outside the workspace is an error on the spec value naming it', () => {
    const text = '{\n  "data": { "csv": "../../outside/secret.csv", "target": "label" },\n  "layers": [{ "units": 4 }, { "units": 2, "activation": "softmax" }],\n  "loss": "cross_entropy", "optimizer": { "type": "sgd", "learningRate": 0.1 }, "training": { "epochs": 1, "batchSize": 2 }\n}';
    const diagnostics = probeDiagnostics(specPath, text, { ...OPTIONS, workspaceRoot: workspace });
    const refusal = diagnostics.find((d) => d.code === 'data-outside-workspace');
    assert.ok(refusal, JSON.stringify(diagnostics));
    assert.deepEqual(refusal.path, ['data', 'csv']);
    assert.equal(refusal.range.start.line, 1);
    assert.equal(text.split('\n')[1].slice(refusal.range.start.character, refusal.range.end.character), '"../../outside/secret.csv"');
  });
});
