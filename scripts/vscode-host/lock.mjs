// A cross-process lock on the host cache (mkdir is atomic), so two runs never install into it at once.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Runs `work` while holding `<cacheDir>/.lock`; waits for a live holder, takes over from a dead one. */
export async function withCacheLock(cacheDir, work) {
  const lockDir = join(cacheDir, '.lock');
  for (let announced = false; !tryAcquire(lockDir); announced = true) {
    if (!announced) console.log(`[host] waiting for another setup holding ${lockDir}`);
    await sleep(1000);
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function tryAcquire(lockDir) {
  try {
    mkdirSync(lockDir);
    writeFileSync(join(lockDir, 'pid'), String(process.pid));
    return true;
  } catch {
    if (!holderIsAlive(lockDir)) rmSync(lockDir, { recursive: true, force: true });
    return false;
  }
}

function holderIsAlive(lockDir) {
  try {
    process.kill(Number(readFileSync(join(lockDir, 'pid'), 'utf8')), 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}
