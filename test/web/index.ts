// Suite entry of `npm run test:web`, loaded by the browser's web-worker extension host (extensionTestsPath). Mocha's
// browser build runs there; scripts/build.mjs bundles this file first, then every test/web/*.test.ts.
import 'mocha/mocha';
import * as vscode from 'vscode';
import { formatLogLine, workspaceUri } from './support';

/** First line of the suite's output; the runner hides workbench chatter printed before it. */
const SUITE_START_MARKER = '[backprop-lens] web suite';

/** What the runner (scripts/test-web.mjs) asks for, written into the workspace: a worker has no environment variables. */
interface RunOptions { grep?: string; timeoutMs?: number }

// Run by mistake in a Node extension host (no `location`), mocha.run would crash reading location.search: an empty one
// lets the harness test say where the suite ran instead.
(globalThis as { location?: { search: string } }).location ??= { search: '' };
mocha.setup({ ui: 'bdd', reporter: 'spec', color: false, timeout: 120_000 });
// One formatted string per line: the workbench forwards console.log arguments unformatted.
Mocha.reporters.Base.consoleLog = (...data: unknown[]) => console.log(formatLogLine(data));

async function runOptions(): Promise<RunOptions> {
  try {
    return JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri('.web-test-options.json'))));
  } catch {
    return {};
  }
}

/** Called by the extension host with the tests; rejects when any test fails. */
export async function run(): Promise<void> {
  const { grep, timeoutMs } = await runOptions();
  if (grep) mocha.grep(grep);
  if (timeoutMs) mocha.timeout(timeoutMs);
  console.log(`${SUITE_START_MARKER} in ${vscode.env.appName} ${vscode.version} (${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI)`);
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} web test(s) failed.`);
}
