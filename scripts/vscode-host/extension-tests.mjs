// Runs an extensionTestsPath module inside code-server's real extension host and reports its exit code.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { launchBrowser, remoteUri, workbenchUrl } from './browser.mjs';

/** Workbench log lines that are offline noise, not test output. */
const NOISE = [
  /ENOTFOUND|ECONNREFUSED|getaddrinfo|net::ERR_/i,
  /open-vsx|marketplace|gallery|extensionsScanner|Timed out waiting for authentication provider/i,
  /\[(chat|languageModels?|copilot|mcp|AccountPolicyGate|DefaultAccount)\b/i,
  /^Canceled: Canceled/, // the workbench cancelling its calls as the extension host exits
];

/**
 * Opens the workbench at the payload URL (extensionDevelopmentPath + extensionTestsPath) and waits for
 * window.codeAutomationExit. Resolves { exitCode, logs }; exitCode is null when timeoutMs passed first.
 * `authority` of the payload URIs: by default the page's own (`remote`: the tests run in the Node extension host);
 * the server's real host:port lets them run in the browser's web-worker extension host (npm run test:web).
 */
export async function runExtensionTests({ host, profile, server, extensionPath, testsPath, folder, timeoutMs, print, authority, suiteStartMarker }) {
  const { context, page } = await launchBrowser({ host, profile });
  try {
    let finish;
    const finished = new Promise((resolve) => { finish = resolve; });
    await page.exposeFunction('codeAutomationLog', logForwarder(print, suiteStartMarker));
    await page.exposeFunction('codeAutomationExit', (exitCode, logs) => finish({ exitCode, logs: logs ?? [] }));
    page.on('pageerror', (error) => print(`[workbench page error] ${error.message}`, true));
    const uriAuthority = authority ?? await remoteAuthority(server.url, folder);
    const payload = [
      ['extensionDevelopmentPath', remoteUri(extensionPath, uriAuthority)],
      ['extensionTestsPath', remoteUri(testsPath, uriAuthority)],
    ];
    await page.goto(workbenchUrl(server.url, { folder, payload }));
    let timer;
    const timedOut = new Promise((resolve) => { timer = setTimeout(() => resolve({ exitCode: null, logs: [] }), timeoutMs); });
    const result = await Promise.race([finished, timedOut]);
    clearTimeout(timer);
    if (result.exitCode === null) await saveTimeoutScreenshot(page, profile);
    return result;
  } finally {
    await context.close().catch(() => {});
  }
}

/** Line that test/integration/index.ts prints first; workbench chatter before it is hidden unless verbose. */
const SUITE_START_MARKER = '[backprop-lens] integration suite';
const VERBOSE = process.env.BACKPROP_LENS_TEST_VERBOSE === '1';

/** Returns a log sink printing extension-host output (mocha's reporter) and dropping offline noise. */
function logForwarder(print, marker = SUITE_START_MARKER) {
  let suiteStarted = false;
  return (level, message) => {
    const text = String(message);
    suiteStarted ||= text.startsWith(marker);
    const isError = level === 'error';
    if (VERBOSE) return print(`[${level}] ${text}`, isError);
    if ((suiteStarted || isError) && !NOISE.some((pattern) => pattern.test(text))) print(text, isError);
  };
}

/** The authority the workbench uses for remote URIs, read from the served page configuration. */
async function remoteAuthority(serverUrl, folder) {
  const html = await (await fetch(workbenchUrl(serverUrl, { folder }))).text();
  const match = /&quot;remoteAuthority&quot;:&quot;([^&]+)&quot;|"remoteAuthority":"([^"]+)"/.exec(html);
  return match?.[1] ?? match?.[2] ?? 'remote';
}

async function saveTimeoutScreenshot(page, profile) {
  const file = join(profile.root, 'timeout.png');
  mkdirSync(dirname(file), { recursive: true });
  await page.screenshot({ path: file }).catch(() => {});
}

/** Writes the log files the workbench hands to codeAutomationExit into `dir`. */
export function writeExitLogs(logs, dir) {
  for (const { relativePath, contents } of logs) {
    const file = join(dir, relativePath);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
}
