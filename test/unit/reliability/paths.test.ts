// Data paths: relative to the spec; `..`, absolute paths and symlinks that leave the workspace are refused with the
// reason, unless allowed; the path read is the real path that was checked. The CLI (no workspace) reads any path.
import * as assert from 'node:assert/strict';
import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { PathRefusedError, resolveDataPath } from '../../../src/node/paths';
import { nodeDataFiles } from '../../../src/node/dataFiles';
import { dataAccess } from '../../../src/worker/dataAccess';
import { cli, specText, tempDir, writeIn } from './helpers';

const CSV = 'a,b,label\n1,2,x\n2,3,y\n3,4,x\n4,5,y\n5,6,x\n6,7,y\n';

describe('reliability: data paths stay in the workspace', () => {
  let ws: string, outside: string, spec: string;
  before(() => {
    const root = realpathSync(tempDir());
    ws = join(root, 'ws');
    outside = join(root, 'outside');
    mkdirSync(join(ws, 'specs', 'deep'), { recursive: true });
    mkdirSync(join(ws, 'data'));
    mkdirSync(outside);
    writeIn(ws, 'data/in.csv', CSV);
    writeIn(outside, 'secret.csv', CSV);
    symlinkSync(join(outside, 'secret.csv'), join(ws, 'data', 'link.csv'));
    symlinkSync(outside, join(ws, 'data', 'linkdir'));
    symlinkSync(join(ws, 'data', 'in.csv'), join(ws, 'data', 'inner-link.csv'));
    symlinkSync(ws, join(root, 'ws-link'));
    spec = join(ws, 'specs', 'deep', 'a.nn.json');
  });

  const refused = (written: string, reason: RegExp) => () =>
    assert.throws(() => resolveDataPath(spec, written, { workspaceRoot: ws }),
      (e: unknown) => e instanceof PathRefusedError && e.file === written && reason.test(e.message) && /allowDataOutsideWorkspace/.test(e.message));

  it('resolves relative to the spec\'s folder, not the current directory; `..` that stays inside is fine', () => {
    assert.equal(resolveDataPath(spec, '../../data/in.csv', { workspaceRoot: ws }), join(ws, 'data', 'in.csv'));
    assert.equal(resolveDataPath(spec, join(ws, 'data', 'in.csv'), { workspaceRoot: ws }), join(ws, 'data', 'in.csv'), 'an absolute path inside');
  });

  it('refuses `..` that climbs out', refused('../../../outside/secret.csv', /climbs out with "\.\."/));
  it('refuses an absolute path outside', refused('/etc/passwd', /is an absolute path/));
  it('refuses a symlinked file pointing out', refused('../../data/link.csv', /goes through a symlink to .*outside\/secret\.csv/));
  it('refuses a file under a symlinked folder pointing out', refused('../../data/linkdir/secret.csv', /goes through a symlink/));
  it('refuses a missing file under a symlinked folder pointing out', refused('../../data/linkdir/nope.csv', /goes through a symlink/));

  it('reads the real path that was checked (a symlink inside the workspace to a file inside is fine)', () => {
    assert.equal(resolveDataPath(spec, '../../data/inner-link.csv', { workspaceRoot: ws }), join(ws, 'data', 'in.csv'));
  });

  it('a workspace opened through a symlink still contains its own files', () => {
    const linkedSpec = join(ws, '..', 'ws-link', 'specs', 'deep', 'a.nn.json');
    assert.equal(resolveDataPath(linkedSpec, '../../data/in.csv', { workspaceRoot: join(ws, '..', 'ws-link') }), join(ws, 'data', 'in.csv'));
  });

  it('a missing file inside is not a refusal (the read reports it missing)', () => {
    assert.equal(resolveDataPath(spec, '../../data/missing.csv', { workspaceRoot: ws }), join(ws, 'data', 'missing.csv'));
    assert.throws(() => nodeDataFiles(spec, { workspaceRoot: ws }).readFile('../../data/missing.csv', 'text'), /ENOENT/);
  });

  it('the setting allows outside paths', () => {
    assert.ok((dataAccess(spec, { workspaceRoot: ws, allowDataOutsideWorkspace: true }).readFile('../../../outside/secret.csv', 'text') as string).startsWith('a,b'));
  });

  it('the worker\'s reader uses the same rules (refusal is a DataError the probe places on the path)', () => {
    assert.throws(() => dataAccess(spec, { workspaceRoot: ws }).readFile('../../data/link.csv', 'text'), PathRefusedError);
  });

  it('the CLI has no workspace: it reads outside paths relative to the spec, as the user\'s own command', () => {
    const text = specText({ data: { csv: '../../../outside/secret.csv', target: 'label' }, training: { epochs: 1, batchSize: 2 } });
    const path = writeIn(join(ws, 'specs', 'deep'), 'cli.nn.json', text);
    const r = cli(['train', path, '--json']);
    assert.equal(r.code, 0, r.err);
  });
});
