// Runs the same integration suite with @vscode/test-electron (desktop VS Code) on machines that can download VS Code.
// Usage: node scripts/test-electron.mjs [--no-build] [--vscode-version stable|1.90.0|insiders] [--vscode-executable <path>]
// On Linux without a display run it under `xvfb-run -a`. Exit code: VS Code's (0 pass, 1 failing tests), 3 runner error.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { downloadAndUnzipVSCode, runTests, TestRunFailedError } from '@vscode/test-electron';

const root = resolve(new URL('..', import.meta.url).pathname);
const { values: options } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    'vscode-version': { type: 'string', default: process.env.BACKPROP_LENS_VSCODE_VERSION ?? 'stable' },
    'vscode-executable': { type: 'string', default: process.env.BACKPROP_LENS_VSCODE_EXECUTABLE },
  },
});

/** VS Code binary: the one given, or a download cached under .vscode-test/ (needs update.code.visualstudio.com). */
async function vscodeExecutable() {
  if (options['vscode-executable']) return resolve(options['vscode-executable']);
  try {
    return await downloadAndUnzipVSCode({ version: options['vscode-version'], cachePath: join(root, '.vscode-test') });
  } catch (error) {
    throw new Error(`Cannot download VS Code ${options['vscode-version']} (${error.message}); on an offline machine use \`npm run test:integration\` instead.`, { cause: error });
  }
}

/** Builds, runs the suite in a fresh profile and workspace copy of examples/, returns the exit code. */
async function main() {
  if (!options['no-build']) {
    const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`build failed with exit code ${build.status}`);
  }
  const scratch = mkdtempSync(join(tmpdir(), 'bpl-electron-'));
  const workspace = join(scratch, 'workspace');
  cpSync(join(root, 'examples'), workspace, { recursive: true });
  try {
    await runTests({
      vscodeExecutablePath: await vscodeExecutable(),
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out/test/integration/index.js'),
      launchArgs: [workspace, '--disable-extensions', '--user-data-dir', join(scratch, 'user-data')],
      extensionTestsEnv: { BACKPROP_LENS_TEST: '1', BACKPROP_LENS_TEST_COLOR: process.stdout.isTTY ? '1' : '0' },
    });
    return 0;
  } catch (error) {
    if (error instanceof TestRunFailedError) return error.code ?? 1;
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

let exitCode;
try {
  exitCode = await main();
} catch (error) {
  console.error(`[electron] runner error: ${error.message}`);
  exitCode = 3;
}
process.exit(exitCode);
