// Following a growing PyTorch run folder (engine/record/pytorch-tail): only what was appended is parsed, a partial last
// line or frame waits for the rest, a killed script's folder reads up to its last complete step.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FrameTail, RecordTail } from '../../../src/engine/record/pytorch-tail';
import { RunFileError } from '../../../src/engine/record/pytorch-run';
import { PYTHON, requireTorch } from '../export/python';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const line = (step: number): string =>
  `${JSON.stringify({ type: 'step', step, loss: 1 / step, deltaNorm: [step], deadShare: [0], saturatedShare: [0], gradNorm: [1], weightNorm: [2], updateRatio: [0.001], deltaMean: [[step, -step]] })}\n`;

/** A frame as run_folder.py writes it: uint32 LE header length, header JSON, rows × units float32 LE. */
function frame(step: number, rows: number, units: number): Uint8Array {
  const header = encode(JSON.stringify({ step, layers: [{ layer: 0, rows, units }] }));
  const bytes = new Uint8Array(4 + header.length + rows * units * 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, header.length, true);
  bytes.set(header, 4);
  for (let i = 0; i < rows * units; i++) view.setFloat32(4 + header.length + 4 * i, step + i / 8, true);
  return bytes;
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
};

/** Feeds `file` to a tail as it would see the file grow: `cuts` are the file's sizes at each read. */
function follow<T>(tail: { offset: number; take(bytes: Uint8Array): T[] }, file: Uint8Array, cuts: number[]): T[][] {
  return cuts.map((size) => tail.take(file.subarray(tail.offset, size)));
}

describe('PyTorch run tails (engine/record/pytorch-tail)', () => {
  it('record.jsonl: a partial last line waits until its newline; each line is read once', () => {
    const file = encode(line(1) + line(2) + line(3) + '{"type":"end","steps":3}\n');
    const tail = new RecordTail(1);
    const cut = line(1).length + 10; // in the middle of line 2
    const reads = follow(tail, file, [5, cut, cut, file.length - 3, file.length]);
    assert.deepEqual(reads.map((rows) => rows.map((r) => r.step)), [[], [1], [], [2, 3], []]);
    assert.equal(tail.offset, file.length);
    assert.equal(tail.ended, true);
    assert.deepEqual(reads[1][0].deltaMean, [[1, -1]]);
  });

  it('record.jsonl: a bad line is named by its line number in the whole file', () => {
    const tail = new RecordTail(1);
    tail.take(encode(line(1) + line(2)));
    assert.throws(() => tail.take(encode('{"type":"step"}\n')), (e: unknown) => e instanceof RunFileError && /^record\.jsonl: line 3:/.test(e.message));
  });

  it('frames.bin: a truncated frame is left for the next read, complete frames are decoded row-major', () => {
    const file = concat(encode('BPLFRM1\n'), frame(1, 2, 3), frame(4, 2, 3));
    const tail = new FrameTail(1);
    const first = 8 + frame(1, 2, 3).length;
    const reads = follow(tail, file, [3, 8 + 2, first - 1, first + 7, file.length]);
    assert.deepEqual(reads.map((frames) => frames.map((f) => f.step)), [[], [], [], [1], [4]]);
    assert.equal(tail.offset, file.length);
    const layer = reads[3][0].layers[0];
    assert.deepEqual({ rows: layer.rows, units: layer.units, last: layer.values[5] }, { rows: 2, units: 3, last: 1 + 5 / 8 });
  });

  it('frames.bin: a wrong magic or a header naming a layer lens.json lacks is an error, not a frame', () => {
    assert.throws(() => new FrameTail(1).take(encode('NOTFRAME')), /frames\.bin: does not start with BPLFRM1/);
    assert.throws(() => new FrameTail(0).take(concat(encode('BPLFRM1\n'), frame(1, 1, 1))), /frames\.bin: the frame at byte 8: a layer needs a layer index below 0/);
  });

  it('a script killed (SIGKILL) mid-run: the tails read it while it grows and up to its last complete step after', async function () {
    this.timeout(120_000);
    requireTorch(this);
    const folder = join(mkdtempSync(join(tmpdir(), 'bpl-tail-')), 'killed');
    const child = spawn(PYTHON, [resolve(__dirname, '../pytorch-lens/lens_killed.py'), resolve(__dirname, '../../../python'), folder], { stdio: ['ignore', 'pipe', 'pipe'] });
    const records = new RecordTail(2), frames = new FrameTail(2);
    const steps: number[] = [], frameSteps: number[] = [];
    const read = (): void => {
      steps.push(...records.take(new Uint8Array(readFileSync(join(folder, 'record.jsonl'))).subarray(records.offset)).map((r) => r.step));
      frameSteps.push(...frames.take(new Uint8Array(readFileSync(join(folder, 'frames.bin'))).subarray(frames.offset)).map((f) => f.step));
    };
    let printed = '';
    await new Promise<void>((done, fail) => {
      child.stdout.on('data', (d: Buffer) => {
        printed += d.toString();
        if (/step 10\n/.test(printed) && steps.length === 0) read(); // a read while the script writes
        if (/step 40\n/.test(printed)) { child.kill('SIGKILL'); done(); }
      });
      child.on('exit', (code) => fail(new Error(`the script ended by itself (${code})`)));
    });
    await new Promise((done) => child.on('close', done));
    assert.ok(steps.length >= 9, `a read while it ran saw its first steps (${steps.length})`);
    read();
    read();
    // the lens writes on a background thread: at most the last two steps the script finished can be unwritten
    assert.ok(steps.length >= 40 - 2, `every finished step but at most the last two is read (${steps.length})`);
    assert.deepEqual(steps, Array.from({ length: steps.length }, (_, i) => i + 1), 'each step once, in order');
    assert.ok(frameSteps.length >= 16 && frameSteps.every((s, i) => i === 0 || s > frameSteps[i - 1]), `frames in step order (${frameSteps.join(',')})`);
    assert.equal(records.ended, false, 'no end line');
    rmSync(join(folder, '..'), { recursive: true, force: true });
  });
});
