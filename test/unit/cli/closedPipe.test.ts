// `backprop-lens train … --json | head -1`: a reader that closes the pipe early ends the command quietly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/** Runs the CLI's entry point (via tsx) with its stdout pipe closed by the reader before the first line. */
function runWithClosedStdout(argv: string[]): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...argv], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((done) => child.on('close', (code, signal) => done({ code, signal, stderr })));
}

describe('CLI: a closed output pipe', () => {
  it('train --json into a reader that has gone: no stack trace, the exit code of the run (0)', async function () {
    this.timeout(60_000);
    const { code, signal, stderr } = await runWithClosedStdout(['train', join(ROOT, 'examples/spiral.nn.json'), '--json', '--epochs', '3']);
    assert.doesNotMatch(stderr, /EPIPE|Error|\n\s+at /, stderr);
    assert.equal(signal, null);
    assert.equal(code, 0, stderr);
  });
});
