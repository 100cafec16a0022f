// End-to-end checks of the installed .vsix in a real workbench (code-server + headless chromium).
// Usage: npm run test:e2e [-- --no-build] [-- --grep <text>] [-- --web]. Exit code: 0 all checks pass, 1 a check failed,
// 3 setup error. --web runs the checks of web-checks/ with the extension in the browser's web-worker extension host.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Mocha from 'mocha';
import { endSession, saveScreenshot, stage, startSession } from './support/session';

const { values: options } = parseArgs({
  options: { 'no-build': { type: 'boolean', default: false }, grep: { type: 'string' }, web: { type: 'boolean', default: false } },
});

/** Check files run in name order (01-…, 02-…): later checks continue the training run earlier ones started. */
function checkFiles(): string[] {
  const dir = join(__dirname, options.web ? 'web-checks' : 'checks');
  return readdirSync(dir).filter((name) => name.endsWith('.e2e.ts')).sort().map((name) => join(dir, name));
}

async function runChecks(): Promise<number> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 120_000, bail: false, grep: options.grep });
  mocha.suite.afterEach(async function keepFailureScreenshot() {
    const test = this.currentTest;
    if (test?.state !== 'failed') return;
    const name = `failure-${test.fullTitle().replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}`;
    console.log(`      screenshot: ${await saveScreenshot(name).catch((error) => `failed (${error.message})`)}`);
  });
  for (const file of checkFiles()) mocha.addFile(file);
  await mocha.loadFilesAsync();
  return new Promise((resolve) => mocha.run(resolve));
}

/** Starts the session, runs the checks, always tears down; resolves the process exit code. */
async function main(): Promise<number> {
  let exitCode: number;
  let failures = 0;
  try {
    await startSession({ build: !options['no-build'], web: options.web });
    failures = await runChecks();
    exitCode = failures > 0 ? 1 : 0;
  } catch (error) {
    console.error(`[e2e] setup error: ${(error as Error).stack ?? error}`);
    exitCode = 3;
  }
  await endSession({ keepLogs: exitCode !== 0 });
  stage(`done: ${failures} failing check(s), exit code ${exitCode}`);
  return exitCode;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stage(`${signal}: stopping code-server and chromium`);
    void endSession({ keepLogs: false }).finally(() => process.exit(130));
  });
}

main().then((code) => process.exit(code), (error) => {
  console.error(error);
  process.exit(3);
});
