// Runs the web suite (out/test/web, built from test/web) inside code-server's web-worker extension host: the
// browser's extension host, where the extension runs as on vscode.dev and github.dev (no Node).
// Usage: node scripts/test-web.mjs [--no-build] [--timeout <seconds>] [--keep] [--node-host]
//   BACKPROP_LENS_TEST_GREP='some title' runs the matching tests only.
//   --node-host  runs the same suite in code-server's Node extension host instead (payload authority `remote`, no
//                extensionKind setting): the web harness test must fail there, the others show the Node build's results.
// Exit code: the extension host's (0 pass, 1 failing tests), 2 timeout, 3 runner error.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureHost } from './vscode-host/setup.mjs';
import { createProfile, removeProfile, seedWorkspace } from './vscode-host/profile.mjs';
import { startCodeServer } from './vscode-host/server.mjs';
import { runExtensionTests, writeExitLogs } from './vscode-host/extension-tests.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const { values: options } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    timeout: { type: 'string', default: process.env.BACKPROP_LENS_TEST_RUN_TIMEOUT ?? '240' },
    keep: { type: 'boolean', default: false },
    'node-host': { type: 'boolean', default: false },
  },
});

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const stage = (text) => console.log(`[web ${elapsed()}] ${text}`);
const print = (text, isError) => (isError ? process.stderr : process.stdout).write(`${text}\n`);
const testsPath = join(root, 'out/test/web/index.js');

/** The user setting that puts the extension in the browser's web-worker extension host (beside a Node one). */
const WEB_EXTENSION_KIND = { 'remote.extensionKind': { [`${manifest.publisher}.${manifest.name}`]: ['web'] } };

let profile;
let server;

/** Builds, sets up the host, runs the suite and returns the process exit code. */
async function main() {
  if (!options['no-build']) build();
  const host = await ensureHost((line) => stage(line));
  if (!existsSync(testsPath)) throw new Error(`No suite entry at ${testsPath}: did the build run?`);
  const nodeHost = options['node-host'];
  profile = createProfile({ prefix: 'bpl-web-', settings: nodeHost ? {} : WEB_EXTENSION_KIND });
  seedWorkspace(profile, join(root, 'examples'));
  writeRunOptions(profile.workspaceDir);
  server = await startCodeServer({ host, profile });
  // The web worker host loads the extension only from a URI naming the server itself (vscode-remote://127.0.0.1:PORT).
  const authority = nodeHost ? 'remote' : new URL(server.url).host;
  stage(`code-server up at ${server.url} (pid ${server.pid}, profile ${profile.root}); opening chromium, tests at authority ${authority}`);
  const result = await runExtensionTests({
    host, profile, server, print, authority, suiteStartMarker: '[backprop-lens] web suite',
    extensionPath: root, testsPath, folder: profile.workspaceDir, timeoutMs: Number(options.timeout) * 1000,
  });
  if (result.exitCode === null) {
    stage(`TIMEOUT: no result after ${options.timeout} s; screenshot and logs kept in ${profile.root}`);
    options.keep = true;
    return 2;
  }
  if (result.exitCode !== 0) {
    const logDir = join(profile.root, 'exit-logs');
    writeExitLogs(result.logs, logDir);
    options.keep = true;
    stage(`extension host logs kept in ${logDir}`);
  }
  stage(`extension host exited with code ${result.exitCode}`);
  return result.exitCode;
}

/** Rebuilds out/test/web from scratch, so a test whose source was deleted cannot linger and run. */
function build() {
  rmSync(join(root, 'out/test/web'), { recursive: true, force: true });
  stage('node scripts/build.mjs');
  const result = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`build failed with exit code ${result.status}`);
}

/** A web worker has no environment: the grep reaches test/web/index.ts as a file in the workspace. */
function writeRunOptions(workspaceDir) {
  const grep = process.env.BACKPROP_LENS_TEST_GREP || undefined;
  writeFileSync(join(workspaceDir, '.web-test-options.json'), `${JSON.stringify({ grep })}\n`);
}

async function cleanUp() {
  await server?.stop();
  if (profile && !options.keep) removeProfile(profile);
  else if (profile) stage(`kept ${profile.root}`);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await cleanUp();
    process.exit(130);
  });
}

let exitCode;
try {
  exitCode = await main();
} catch (error) {
  console.error(`[web] runner error: ${error.stack ?? error}`);
  options.keep = Boolean(profile);
  exitCode = 3;
}
await cleanUp();
stage(`done, exit code ${exitCode}`);
process.exit(exitCode);
