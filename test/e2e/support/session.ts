// One end-to-end session: the packaged .vsix installed into a fresh code-server, a workspace copy of examples/, a chromium page.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, workbenchUrl } from '../../../scripts/vscode-host/browser.mjs';
import { createProfile, removeProfile, seedWorkspace, webExtensionKindSettings } from '../../../scripts/vscode-host/profile.mjs';
import { installExtension, startCodeServer } from '../../../scripts/vscode-host/server.mjs';
import { ensureHost } from '../../../scripts/vscode-host/setup.mjs';
import { writeE2eSpecs } from './specs';

const repoRoot = resolve(__dirname, '../../..');
export const resultsDir = join(repoRoot, 'test-results');
/** Extension folder to package: the repo, or (only to test this harness) BACKPROP_LENS_E2E_EXTENSION. */
const extensionDir = resolve(process.env.BACKPROP_LENS_E2E_EXTENSION ?? repoRoot);

type Profile = ReturnType<typeof createProfile>;
type Server = Awaited<ReturnType<typeof startCodeServer>>;

export interface Session {
  page: Page;
  context: BrowserContext;
  profile: Profile;
  server: Server;
  workspaceDir: string;
}

let current: Session | undefined;
const started = Date.now();
let trainingStartedAt: number | null = null;

/** The long run was started now (02-train-monitor): later checks can tell how long it has trained. */
export function noteTrainingStarted(): void { trainingStartedAt = Date.now(); }

/** Seconds since the long run started (0 before). */
export function secondsTrained(): number { return trainingStartedAt === null ? 0 : (Date.now() - trainingStartedAt) / 1000; }

export function stage(text: string): void {
  console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)} s] ${text}`);
}

/** The running session; only valid inside checks (after startSession). */
export function session(): Session {
  if (!current) throw new Error('e2e session not started');
  return current;
}

/**
 * Builds and packages the extension, installs the .vsix, starts code-server and opens the workspace in chromium.
 * `web`: the extension runs in the browser's web-worker extension host (its "browser" entry), as on vscode.dev.
 */
export async function startSession({ build = true, web = false } = {}): Promise<Session> {
  clearOldResults();
  if (build) run(process.execPath, [join(repoRoot, 'scripts/build.mjs')], repoRoot, 'build');
  const host = await ensureHost((line: string) => stage(line));
  const hostSettings = web ? webExtensionKindSettings(extensionDir) : {};
  const profile = createProfile({ prefix: 'bpl-e2e-', settings: { 'workbench.colorTheme': 'Light Modern', ...hostSettings } });
  let server: Server | undefined;
  try {
    installPackagedExtension(host, profile);
    seedWorkspace(profile, join(repoRoot, 'examples'));
    writeE2eSpecs(profile.workspaceDir);
    server = await startCodeServer({ host, profile });
    stage(`code-server up at ${server.url} (pid ${server.pid}, profile ${profile.root})`);
    const { context, page } = await launchBrowser({ host, profile });
    current = { page, context, profile, server, workspaceDir: profile.workspaceDir };
    // Generous: on a loaded shared machine the workbench's first load alone took over 30 s (playwright's default).
    await page.goto(workbenchUrl(server.url, { folder: profile.workspaceDir }), { timeout: 120_000 });
    await page.locator('.monaco-workbench .explorer-folders-view').waitFor({ timeout: 120_000 });
    stage('workbench shows the explorer');
    return current;
  } catch (error) {
    if (current) await endSession({ keepLogs: true });
    else await server?.stop();
    if (!current) removeProfile(profile);
    throw error;
  }
}

/** `vsce package` into the profile folder, then `code-server --install-extension`, as a user installs a .vsix. */
function installPackagedExtension(host: Awaited<ReturnType<typeof ensureHost>>, profile: Profile): void {
  const vsixPath = join(profile.root, 'backprop-lens.vsix');
  run(join(repoRoot, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--out', vsixPath], extensionDir, 'vsce package');
  stage(installExtension({ host, profile, vsixPath }).split('\n').pop() ?? 'installed');
}

let ending: Promise<void> | undefined;

/** Stops code-server and the browser once (later calls share the first); keeps logs under test-results/e2e-logs when `keepLogs`. */
export function endSession({ keepLogs }: { keepLogs: boolean }): Promise<void> {
  ending ??= tearDown(keepLogs);
  return ending;
}

async function tearDown(keepLogs: boolean): Promise<void> {
  if (!current) return;
  const { context, server, profile } = current;
  await server.stop();
  await context.close().catch(() => {});
  if (keepLogs) {
    const logDir = join(resultsDir, 'e2e-logs');
    mkdirSync(logDir, { recursive: true });
    cpSync(profile.serverLogFile, join(logDir, 'code-server.log'));
    const vscodeLogs = join(profile.userDataDir, 'logs');
    if (existsSync(vscodeLogs)) cpSync(vscodeLogs, join(logDir, 'vscode'), { recursive: true });
    stage(`logs kept in ${logDir}`);
    printExtensionLogTail(join(logDir, 'vscode'));
  }
  removeProfile(profile);
}

/** Files under `dir` (recursively) whose name matches `pattern`. */
function filesNamed(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => pattern.test(basename(name))).map((name) => join(dir, name));
}

/** Wall-clock times (ms) of the extension log's lines matching `pattern` ("2026-12-05 19:00:00.123 [info] …", local time). */
export function extensionLogTimes(pattern: RegExp): number[] {
  return filesNamed(join(session().profile.userDataDir, 'logs'), /^(\d+-)?Backprop Lens\.log$/).flatMap((file) => readFileSync(file, 'utf8').split('\n'))
    .filter((line) => pattern.test(line)).map((line) => /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}\.\d{3})/.exec(line))
    .flatMap((m) => (m ? [new Date(`${m[1]}T${m[2]}`).getTime()] : []));
}

/** Prints the end of the extension's own log (its output channel) so a CI log shows what the extension did before a failure. */
function printExtensionLogTail(vscodeLogDir: string, lines = 40): void {
  for (const file of filesNamed(vscodeLogDir, /^(\d+-)?Backprop Lens\.log$/)) {
    const tail = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines);
    console.log(`--- last ${tail.length} lines of ${file}\n${tail.join('\n')}\n---`);
  }
}

/** Removes screenshots and logs of an earlier run so nothing stale is mistaken for this run's output. */
function clearOldResults(): void {
  if (!existsSync(resultsDir)) return;
  rmSync(join(resultsDir, 'e2e-logs'), { recursive: true, force: true });
  for (const name of readdirSync(resultsDir)) {
    if (/^(monitor-|failure-|open-run-|compare-|explain-).*\.png$/.test(name)) rmSync(join(resultsDir, name));
  }
}

/** Saves a screenshot of the whole workbench as test-results/<name>.png. */
export async function saveScreenshot(name: string): Promise<string> {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${name}.png`);
  await session().page.screenshot({ path: file });
  return file;
}

function run(command: string, args: string[], cwd: string, what: string): void {
  stage(what);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${what} failed with exit code ${result.status}`);
}
