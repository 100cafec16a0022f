// The browser build's tests, with the extension in code-server's web-worker extension host (the browser's extension
// host, where it runs as on vscode.dev and github.dev: no Node):
//   1. the web suite (test/web, bundled to out/test/web) with mocha inside that host;
//   2. the end-to-end checks of test/e2e/web-checks (the packaged .vsix driven from the palette in chromium).
// Usage: node scripts/test-web.mjs [--no-build] [--timeout <seconds>] [--keep] [--node-host] [--no-suite] [--no-e2e]
//   BACKPROP_LENS_TEST_GREP='some title' runs the matching suite tests only.
//   --node-host  runs the same suite in code-server's Node extension host instead (payload authority `remote`, no
//                extensionKind setting): the web harness test must fail there, the others show the Node build's results.
// Exit code: the first failing part's (suite: 1 failing tests, 2 timeout, 3 runner error; e2e: 1 failing check, 3 setup
// error); 0 when both pass.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureHost } from './vscode-host/setup.mjs';
import { createProfile, removeProfile, seedWorkspace, webExtensionKindSettings } from './vscode-host/profile.mjs';
import { startCodeServer } from './vscode-host/server.mjs';
import { runExtensionTests } from './vscode-host/extension-tests.mjs';
import { exitCodeOf, runToExit } from './vscode-host/runner.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const { values: options } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    timeout: { type: 'string', default: process.env.BACKPROP_LENS_TEST_RUN_TIMEOUT ?? '240' },
    keep: { type: 'boolean', default: false },
    'node-host': { type: 'boolean', default: false },
    'no-suite': { type: 'boolean', default: false },
    'no-e2e': { type: 'boolean', default: false },
  },
});

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const stage = (text) => console.log(`[web ${elapsed()}] ${text}`);
const print = (text, isError) => (isError ? process.stderr : process.stdout).write(`${text}\n`);
const testsPath = join(root, 'out/test/web/index.js');

let profile;
let server;

/** Sets up the host, runs the suite and returns its exit code. */
async function runSuite() {
  const host = await ensureHost((line) => stage(line));
  if (!existsSync(testsPath)) throw new Error(`No suite entry at ${testsPath}: did the build run?`);
  const nodeHost = options['node-host'];
  profile = createProfile({ prefix: 'bpl-web-', settings: nodeHost ? {} : webExtensionKindSettings(root) });
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
  return exitCodeOf(result, { profile, timeoutSeconds: options.timeout, stage, keep: () => { options.keep = true; } });
}

/** The web end-to-end checks, as `npm run test:e2e -- --web` (their own code-server, the packaged .vsix). */
function runE2e() {
  stage('end-to-end checks of the browser build (test/e2e/web-checks)');
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'test/e2e'], { cwd: root, stdio: 'inherit' });
  if (tsc.status !== 0) return 3;
  const e2e = spawnSync(process.execPath, ['--import', 'tsx', 'test/e2e/run.ts', '--web', '--no-build'], { cwd: root, stdio: 'inherit' });
  return e2e.status ?? 3;
}

/** Builds, runs the suite and the e2e checks (each unless skipped); resolves the first failing part's exit code. */
async function main() {
  if (!options['no-build']) build();
  const parts = [];
  if (!options['no-suite']) parts.push(['web suite', await timed(runSuite)]);
  if (!options['no-e2e'] && !options['node-host']) parts.push(['web e2e', await timed(runE2e)]);
  for (const [name, { code, seconds }] of parts) stage(`${name}: ${code === 0 ? 'passed' : `FAILED (exit code ${code})`} in ${seconds.toFixed(1)} s`);
  return parts.map(([, { code }]) => code).find((code) => code !== 0) ?? 0;
}

async function timed(part) {
  const start = Date.now();
  let code;
  try {
    code = await part();
  } catch (error) {
    console.error(`[web] runner error: ${error.stack ?? error}`);
    options.keep = Boolean(profile);
    code = 3;
  }
  await cleanUp();
  return { code, seconds: (Date.now() - start) / 1000 };
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
  server = undefined;
  profile = undefined;
}

await runToExit({ label: 'web', main, cleanUp, keepOnError: () => { options.keep = Boolean(profile); }, stage });
