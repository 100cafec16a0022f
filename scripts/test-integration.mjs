// Runs the integration suite (out/test/integration) inside a real VS Code extension host: code-server + headless chromium.
// Usage: node scripts/test-integration.mjs [--no-build] [--extension <dir>] [--tests <index.js>] [--workspace <dir>]
//                                          [--timeout <seconds>] [--keep]
// Exit code: the extension host's (0 pass, 1 failing tests), 2 timeout, 3 runner error.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureHost } from './vscode-host/setup.mjs';
import { createProfile, removeProfile, seedWorkspace } from './vscode-host/profile.mjs';
import { startCodeServer } from './vscode-host/server.mjs';
import { runExtensionTests } from './vscode-host/extension-tests.mjs';
import { exitCodeOf, runToExit } from './vscode-host/runner.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const { values: options } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    extension: { type: 'string', default: root },
    tests: { type: 'string', default: join(root, 'out/test/integration/index.js') },
    workspace: { type: 'string', default: join(root, 'examples') },
    timeout: { type: 'string', default: process.env.BACKPROP_LENS_TEST_RUN_TIMEOUT ?? '300' },
    keep: { type: 'boolean', default: false },
  },
});

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const stage = (text) => console.log(`[integration ${elapsed()}] ${text}`);
const print = (text, isError) => (isError ? process.stderr : process.stdout).write(`${text}\n`);

let profile;
let server;

/** Builds, sets up the host, runs the suite and returns the process exit code. */
async function main() {
  if (!options['no-build']) build();
  const host = await ensureHost((line) => stage(line));
  const testsPath = resolve(options.tests);
  if (!existsSync(testsPath)) throw new Error(`No suite entry at ${testsPath}: did the build run?`);
  profile = createProfile({ prefix: 'bpl-integration-' });
  seedWorkspace(profile, resolve(options.workspace));
  server = await startCodeServer({ host, profile, env: testEnv() });
  stage(`code-server up at ${server.url} (pid ${server.pid}, profile ${profile.root}); opening chromium`);
  const result = await runExtensionTests({
    host, profile, server, print,
    extensionPath: resolve(options.extension), testsPath,
    folder: profile.workspaceDir, timeoutMs: Number(options.timeout) * 1000,
  });
  return exitCodeOf(result, { profile, timeoutSeconds: options.timeout, stage, keep: () => { options.keep = true; } });
}

/** Rebuilds out/test/integration from scratch, so a test whose source was deleted cannot linger and run. */
function build() {
  rmSync(join(root, 'out/test/integration'), { recursive: true, force: true });
  stage('node scripts/build.mjs');
  const result = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`build failed with exit code ${result.status}`);
}

/** Variables the extension host inherits from code-server: mocha colour and an optional --grep. */
function testEnv() {
  return { BACKPROP_LENS_TEST_COLOR: process.stdout.isTTY ? '1' : '0', BACKPROP_LENS_TEST: '1' };
}

async function cleanUp() {
  await server?.stop();
  if (profile && !options.keep) removeProfile(profile);
  else if (profile) stage(`kept ${profile.root}`);
}

await runToExit({ label: 'integration', main, cleanUp, keepOnError: () => { options.keep = Boolean(profile); }, stage });
