/** Specs, a temp folder and the CLI runner shared by the reliability tests. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';

export const MiB = 2 ** 20;

/** A spec as text: xor with the given hidden layer sizes, overridable. */
export function specText(overrides: Record<string, unknown> = {}, hidden: number[] = [6]): string {
  return JSON.stringify({
    name: 'rel', seed: 2, data: { builtin: 'xor', samples: 100 },
    layers: [{ units: 2 }, ...hidden.map((units) => ({ units, activation: 'tanh' })), { units: 2, activation: 'softmax' }],
    loss: 'cross_entropy', optimizer: { type: 'adam', learningRate: 0.05 }, training: { epochs: 2, batchSize: 10 },
    ...overrides,
  }, null, 2);
}

const made: string[] = [];
process.once('exit', () => { for (const dir of made) rmSync(dir, { recursive: true, force: true }); });

/** A fresh temp folder, removed when the test process exits. */
export function tempDir(prefix = 'bpl-rel-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function writeIn(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Runs the CLI in-process; env replaces process.env. */
export function cli(argv: string[], env: Record<string, string | undefined> = {}): { code: number; out: string[]; err: string } {
  const out: string[] = [];
  let err = '';
  const code = main(argv, { out: (l) => out.push(l), err: (t) => (err += t), isTTY: false }, env);
  return { code, out, err };
}

/** IDX bytes: header for `type` (0x08 ubyte … 0x0e double) and dims, payload filled by `fill`. */
export function idxBytes(type: number, dims: number[], elementSize: number, fill: (view: DataView, i: number) => void = () => undefined): Uint8Array {
  const count = dims.reduce((a, b) => a * b, 1);
  const bytes = new Uint8Array(4 + 4 * dims.length + count * elementSize);
  const view = new DataView(bytes.buffer);
  bytes[2] = type;
  bytes[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < count; i++) fill(view, i);
  return bytes;
}
