// Headless Debian chromium driven by playwright-core (never a downloaded browser).
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** Launches chromium on the profile's fresh browser dir; returns the context and its first page. */
export async function launchBrowser({ host, profile, viewport = { width: 1400, height: 900 }, colorScheme = 'light' }) {
  const context = await chromium.launchPersistentContext(profile.browserDir, {
    executablePath: host.chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    colorScheme,
    // The runners handle signals themselves (stop code-server, close the browser, remove temp dirs, then exit).
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/**
 * The workbench URL that opens `folder`; with `payload` pairs it starts extension tests (smoke-test driver).
 * @param {string} serverUrl
 * @param {{ folder: string, payload?: string[][] }} target
 */
export function workbenchUrl(serverUrl, { folder, payload }) {
  const params = new URLSearchParams({ folder });
  if (payload) params.set('payload', JSON.stringify(payload));
  return `${serverUrl}/?${params}`;
}

/** Turns a local path into the URI the remote extension host reads (authority `remote`, as code-server serves it). */
export function remoteUri(absolutePath, authority = 'remote') {
  return `vscode-remote://${authority}${absolutePath}`;
}
