// Suite entry loaded by the extension host (extensionTestsPath): runs every *.test.js bundled next to it with mocha.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/** First line of the suite's output; the code-server runner hides workbench chatter printed before it. */
export const SUITE_START_MARKER = '[backprop-lens] integration suite';

/** harness.test.js first: if the extension is not loaded at all, that is the first failure printed. */
function testFilesIn(dir: string): string[] {
  const files = readdirSync(dir).filter((name) => name.endsWith('.test.js'));
  files.sort((a, b) => Number(b === 'harness.test.js') - Number(a === 'harness.test.js') || a.localeCompare(b));
  return files.map((name) => join(dir, name));
}

/** Called by the test runner (code-server payload or @vscode/test-electron); rejects when any test fails. */
export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: process.env.BACKPROP_LENS_TEST_COLOR === '1',
    timeout: Number(process.env.BACKPROP_LENS_TEST_TIMEOUT_MS ?? 60_000),
    grep: process.env.BACKPROP_LENS_TEST_GREP || undefined,
  });
  Mocha.interfaces.tdd(mocha.suite); // suite()/test() work as well as describe()/it()
  // One formatted string per line: code-server forwards console.log arguments unformatted.
  Mocha.reporters.Base.consoleLog = (...data: unknown[]) => console.log(format(...data));
  console.log(`${SUITE_START_MARKER} in ${vscode.env.appName} ${vscode.version} (${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`);
  for (const file of testFilesIn(__dirname)) mocha.addFile(file);
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed.`);
}
