// `npm ci` offline and without warnings: the project's npm settings are ones npm knows, and every install script is reviewed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const lockfile = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));

/** The environment without the outer npm's variables (mocha may run inside `npm test`). */
function envWithoutNpm(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
}

/** Names of the locked packages that declare an install script (preinstall, install or postinstall). */
function packagesWithInstallScripts(): string[] {
  const entries = Object.entries(lockfile.packages as Record<string, { hasInstallScript?: boolean }>);
  return entries.filter(([, entry]) => entry.hasInstallScript).map(([path]) => path.replace(/^.*node_modules\//, ''));
}

describe('npm install policy', () => {
  it('npm prints no warning about the project config (a newcomer first sees `npm ci`)', function () {
    this.timeout(20_000);
    const npm = spawnSync('npm', ['config', 'get', 'registry'], { cwd: ROOT, env: envWithoutNpm(), encoding: 'utf8' });
    assert.equal(npm.status, 0, npm.stderr);
    assert.doesNotMatch(npm.stderr, /project config/i); // a user's or the machine's own npmrc is not the project's to fix
  });

  it('every dependency with an install script is reviewed in allowScripts (no "not yet covered" notice)', () => {
    const policy: Record<string, boolean> = manifest.allowScripts ?? {};
    assert.deepEqual(packagesWithInstallScripts().filter((name) => !(name in policy)), []);
  });

  it("onnxruntime-node's install script is denied: it downloads CUDA binaries from NuGet, outside npm", () => {
    assert.equal(manifest.allowScripts?.['onnxruntime-node'], false);
  });
});
