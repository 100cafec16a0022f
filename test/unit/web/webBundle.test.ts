// The browser build (the manifest's "browser") must not need Node: no Node built-in may be imported by the web
// extension bundle or the browser training worker, directly or through any module they pull in.
import * as assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = join(__dirname, '../../..');
const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/**
 * Every package or built-in the entry imports that esbuild leaves outside the bundle, with who imports it ('node'
 * platform: built-ins stay external). Relative paths are left out: esbuild lists TypeScript imports of types only
 * (dropped from the output) as external relative paths.
 */
async function externalImports(entry: string): Promise<string[]> {
  const result = await esbuild.build({
    entryPoints: [entry], absWorkingDir: ROOT, bundle: true, write: false, metafile: true, logLevel: 'silent',
    platform: 'node', format: 'cjs', external: ['vscode'], mainFields: ['browser', 'module', 'main'],
  });
  return Object.entries(result.metafile.inputs).flatMap(([file, input]) => input.imports.filter((i) => i.external && !i.path.startsWith('.')).map((i) => `${i.path} (imported by ${file})`));
}

describe('web build: no Node built-ins', function () {
  this.timeout(120_000);
  for (const entry of ['src/extension/extension.web.ts', 'src/worker/worker.web.ts']) {
    it(`${entry} and everything it imports need only the vscode module`, async () => {
      const external = await externalImports(entry);
      const builtins = external.filter((e) => NODE_BUILTINS.has(e.split(' ')[0]));
      assert.deepEqual(builtins, [], `Node built-ins in the browser bundle:\n  ${builtins.join('\n  ')}`);
      assert.deepEqual(external.filter((e) => !e.startsWith('vscode ')), []);
    });
  }

  it('the Node entry does use Node built-ins (the check can see them)', async () => {
    const external = await externalImports('src/extension/extension.ts');
    assert.ok(external.some((e) => e.startsWith('node:worker_threads ')), external.join('\n'));
  });
});
