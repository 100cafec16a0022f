/** Shared by the CLI tests: run the CLI in-process, write files into a fresh temporary folder. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';

/** Runs `backprop-lens argv…` and collects stdout lines, stderr text and the exit code. */
export function run(...argv: string[]) {
  const out: string[] = [];
  let err = '';
  const code = main(argv, { out: (l) => out.push(l), err: (t) => (err += t), isTTY: false });
  return { code, out, err };
}

/** A fresh temporary folder and a function writing `text` to `name` in it (returns the path). */
export function tempFolder(prefix: string): { dir: string; write: (name: string, text: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, write: (name, text) => { const p = join(dir, name); writeFileSync(p, text); return p; } };
}
