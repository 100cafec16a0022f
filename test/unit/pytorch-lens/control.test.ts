// Pause, Resume and Stop from the editor reach a watched PyTorch script at its next step boundary: control.json in,
// control-ack.json out (the protocol the extension writes), one process and 2 DistributedDataParallel ranks (gloo).
// Skipped, with the reason printed, where torch cannot be imported.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PYTHON, requireTorch } from '../export/python';

const PYTHON_DIR = resolve(__dirname, '../../../python');

interface Ack { seq: number; state: string; step: number; time: number }

/** One running lens_control.py: what it printed so far, and how it exited. */
class Script {
  out = '';
  err = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(folder: string, onStop: string, env: NodeJS.ProcessEnv = process.env) {
    this.child = spawn(PYTHON, [join(__dirname, 'lens_control.py'), PYTHON_DIR, folder, onStop], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => { this.out += d.toString(); });
    this.child.stderr!.on('data', (d: Buffer) => { this.err += d.toString(); });
    this.exited = new Promise((done) => this.child.on('exit', (code) => done(code)));
  }

  /** The last "rank R step N" printed by rank r (0 before the first). */
  lastStep(r: number): number {
    const steps = [...this.out.matchAll(new RegExp(`^rank ${r} step (\\d+)$`, 'gm'))];
    return steps.length ? Number(steps[steps.length - 1][1]) : 0;
  }

  kill(): void { if (this.child.exitCode === null) this.child.kill('SIGKILL'); }
}

/** The scripts of one run, rank r being scripts[r]: 0 when every one exited with 0. */
class Ranks {
  constructor(readonly scripts: Script[]) {}
  get out(): string { return this.scripts.map((s) => s.out + s.err).join('\n'); }
  lastStep(r: number): number { return this.scripts[r].lastStep(r); }
  get exited(): Promise<number | string> {
    return Promise.all(this.scripts.map((s) => s.exited)).then((codes) => (codes.every((c) => c === 0) ? 0 : codes.join(',')));
  }
}

async function waitFor<T>(what: string, value: () => T | undefined | false, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = value();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** control.json as the extension writes it: a temporary file renamed over it. */
function command(folder: string, seq: number, name: 'pause' | 'resume' | 'stop'): void {
  const temp = join(folder, `.control.json.${seq}.tmp`);
  writeFileSync(temp, JSON.stringify({ seq, command: name }));
  renameSync(temp, join(folder, 'control.json'));
}

function ack(folder: string): Ack | undefined {
  const path = join(folder, 'control-ack.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) as Ack : undefined;
}

const waitAck = (folder: string, seq: number) => waitFor(`the ack of command ${seq}`, () => { const a = ack(folder); return a && a.seq === seq ? a : undefined; });

/** The step lines of record.jsonl and its end line (undefined while the run goes on). */
function record(folder: string): { steps: number[]; end?: { steps: number; stopped?: boolean } } {
  const lines = readFileSync(join(folder, 'record.jsonl'), 'utf8').split('\n').filter((l) => l.endsWith('}')).map((l) => JSON.parse(l));
  return { steps: lines.filter((l) => l.type === 'step').map((l) => l.step), end: lines.find((l) => l.type === 'end') };
}

/** Pause (every rank holds at the acknowledged step), resume (steps grow again), stop (every rank ends at one step). */
async function pauseResumeStop(script: Ranks, folder: string): Promise<number> {
  const ranks = script.scripts.map((_, r) => r);
  await waitFor('5 steps', () => ranks.every((r) => script.lastStep(r) >= 5));
  command(folder, 1, 'pause');
  const paused = await waitAck(folder, 1);
  assert.equal(paused.state, 'paused');
  await sleep(600);
  assert.equal(record(folder).steps.at(-1), paused.step, 'no step recorded while paused');
  // lens.step() blocks in the step it recorded: each rank printed the one before it, and no more.
  for (const r of ranks) assert.equal(script.lastStep(r), paused.step - 1, `rank ${r} holds at step ${paused.step}`);
  assert.equal(ack(folder)!.seq, 1);
  command(folder, 2, 'resume');
  const resumed = await waitAck(folder, 2);
  assert.deepEqual([resumed.state, resumed.step], ['running', paused.step]);
  await waitFor('steps after the resume', () => ranks.every((r) => script.lastStep(r) >= paused.step + 5));
  command(folder, 3, 'stop');
  const code = await Promise.race([script.exited, sleep(30_000).then(() => 'hung')]);
  assert.equal(code, 0, `the script ends cleanly:\n${script.out}`);
  const stopped = ack(folder)!;
  assert.deepEqual([stopped.seq, stopped.state], [3, 'stopped']);
  const { steps, end } = record(folder);
  assert.deepEqual(end, { type: 'end', steps: stopped.step, stopped: true }, 'the end line says the run was stopped');
  assert.equal(steps.at(-1), stopped.step);
  assert.deepEqual(steps, Array.from({ length: stopped.step }, (_, i) => i + 1));
  return stopped.step;
}

describe('PyTorch lens: Pause, Resume and Stop from the editor (control.json)', function () {
  this.timeout(180_000);
  let root: string;
  const scripts: Script[] = [];
  before(() => { root = mkdtempSync(join(tmpdir(), 'bpl-control-')); });
  after(() => { scripts.forEach((s) => s.kill()); rmSync(root, { recursive: true, force: true }); });

  it('one process: pauses at a step boundary (ack paused, no step recorded), resumes, and Stop raises StopTraining, caught by the script, which ends cleanly', async function () {
    requireTorch(this);
    const folder = join(root, 'one');
    const script = new Script(folder, 'raise');
    scripts.push(script);
    const step = await pauseResumeStop(new Ranks([script]), folder);
    assert.match(script.out, new RegExp(`^rank 0 ended after step ${step} \\(raised: backprop_lens: stopped from the editor after step ${step}\\)$`, 'm'));
  });

  it('2 DDP ranks (gloo): both hold at the step rank 0 acknowledged, resume, and end at the same step (on_stop="flag")', async function () {
    requireTorch(this);
    const folder = join(root, 'ddp');
    const port = await new Promise<number>((done) => { const s = createServer().listen(0, () => { const p = (s.address() as { port: number }).port; s.close(() => done(p)); }); });
    const env = (r: number) => ({ ...process.env, RANK: String(r), LOCAL_RANK: String(r), WORLD_SIZE: '2', MASTER_ADDR: '127.0.0.1', MASTER_PORT: String(port) });
    const [rank0, rank1] = [new Script(folder, 'flag', env(0)), new Script(join(root, 'rank1-writes-nothing'), 'flag', env(1))];
    scripts.push(rank0, rank1);
    const both = new Ranks([rank0, rank1]);
    const step = await pauseResumeStop(both, folder);
    for (const r of [0, 1]) assert.match(both.out, new RegExp(`^rank ${r} ended after step ${step} \\(flag\\)$`, 'm'));
    assert.ok(!existsSync(join(root, 'rank1-writes-nothing')), 'rank 1 wrote no run folder');
  });
});
