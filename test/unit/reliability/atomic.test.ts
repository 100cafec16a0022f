// Atomic writes: a child rewriting a big JSON file is SIGKILLed at random moments; with write-temp + fsync + rename the
// file is always a complete earlier version. The same kills on a plain write tear the file (so the test can fail).
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomicSync, writeFileSyncedAsync, writeJsonAtomicSync } from '../../../src/node/atomic';
import { tempDir } from './helpers';

const WRITER = resolve(__dirname, 'fixtures/writer.ts');
const KILLS = 12;

/** Starts the writer, waits for its first version, lets it write for `ms`, then SIGKILLs it. */
async function killMidWrite(path: string, mode: 'atomic' | 'plain', ms: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, path, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ready, fail) => {
    child.stdout.once('data', () => ready());
    child.once('exit', (code) => fail(new Error(`writer exited early (${code})`)));
  });
  await new Promise((r) => setTimeout(r, ms));
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** The version in the file, or null when it does not parse. */
function versionIn(path: string): number | null {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: number }).version;
  } catch {
    return null;
  }
}

describe('reliability: atomic writes survive a kill mid-write', function () {
  this.timeout(120_000);

  it(`after ${KILLS} SIGKILLs at random moments the file is always a complete version, never going back`, async () => {
    const path = join(tempDir(), 'metrics.json');
    let last = 0;
    for (let i = 0; i < KILLS; i++) {
      await killMidWrite(path, 'atomic', 20 + Math.floor(Math.random() * 180));
      const version = versionIn(path);
      assert.ok(version !== null, `kill ${i + 1}: the file does not parse`);
      assert.ok(version >= last, `kill ${i + 1}: version ${version} after ${last}`);
      last = version;
    }
    assert.ok(last > 1, 'the writer got past its first version');
    const leftovers = readdirSync(dirname(path)).filter((n) => n.endsWith('.tmp'));
    console.log(`      ${KILLS} kills left ${leftovers.length} temp file(s); the next write removes them`);
    writeJsonAtomicSync(path, { version: last + 1 });
    assert.deepEqual(readdirSync(dirname(path)), ['metrics.json'], `the next write clears the killed writers' temps (${leftovers.length} left by ${KILLS} kills)`);
  });

  it('the same kills tear a plain (non-atomic) write at least once: the check can fail', async () => {
    const path = join(tempDir(), 'metrics.json');
    let torn = 0;
    for (let i = 0; i < KILLS && torn === 0; i++) {
      await killMidWrite(path, 'plain', 20 + Math.floor(Math.random() * 180));
      if (versionIn(path) === null) torn++;
    }
    assert.ok(torn > 0, 'no plain write was torn; the kills do not land mid-write');
  });

  it('replaces an existing file and leaves no temp file behind on success', () => {
    const dir = tempDir();
    const path = join(dir, 'model.json');
    writeJsonAtomicSync(path, { a: 1 });
    writeJsonAtomicSync(path, { a: 2 });
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { a: 2 });
    assert.deepEqual(readdirSync(dir), ['model.json']);
  });

  it('writeFileSyncedAsync (the run folder\'s writes before their rename) writes the bytes', async () => {
    const path = join(tempDir(), '.metrics.json.tmp');
    await writeFileSyncedAsync(path, new TextEncoder().encode('{"ok":true}'));
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { ok: true });
  });

  it('removes temps left by dead writers, keeps those of live ones', async () => {
    const dir = tempDir();
    const path = join(dir, 'model.json');
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => child.once('exit', r));
    const dead = `.model.json.${child.pid}.dead.tmp`, live = `.model.json.${process.ppid}.live.tmp`;
    for (const name of [dead, live]) writeFileAtomicSync(join(dir, name), 'partial');
    writeJsonAtomicSync(path, { a: 1 });
    assert.deepEqual(readdirSync(dir).sort(), [live, 'model.json'].sort());
  });

  it('a failed write (folder missing) throws and leaves nothing', () => {
    const dir = tempDir();
    assert.throws(() => writeFileAtomicSync(join(dir, 'no', 'such', 'x.json'), '{}'), /ENOENT/);
    assert.deepEqual(readdirSync(dir), []);
  });
});
