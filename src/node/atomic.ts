/**
 * Durable file writes: a temp file in the same folder, written and fsync'd, then renamed over the target, then the
 * folder fsync'd. A crash or kill at any point leaves either the previous file or the new one, never a torn one.
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Writes `data` to `path` and fsyncs it (no rename: for callers that rename themselves). */
function writeFileSynced(path: string, data: string | Uint8Array, flag = 'w'): void {
  const fd = openSync(path, flag, 0o644);
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** writeFileSynced without blocking the event loop (the extension host's run folder writes). */
export async function writeFileSyncedAsync(path: string, data: Uint8Array): Promise<void> {
  const handle = await open(path, 'w', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename in `folder` durable; some platforms (Windows) cannot fsync a folder, which is fine to skip. */
function fsyncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // EISDIR / EPERM / EINVAL on platforms without directory fsync
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** True when a process with this id is running (signal 0 only checks). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temp files of `path` left by writers that were killed mid-write (their process is gone). */
function removeStaleTemps(path: string): void {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = name.startsWith(prefix) && name.endsWith('.tmp') ? Number(name.slice(prefix.length).split('.')[0]) : NaN;
    if (Number.isInteger(pid) && pid !== process.pid && !isRunning(pid)) {
      try { unlinkSync(join(dirname(path), name)); } catch { /* removed by someone else */ }
    }
  }
}

/** Replaces `path` atomically with `data` (write temp + fsync + rename + fsync folder); clears dead writers' temps. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  removeStaleTemps(path);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSynced(temp, data, 'wx');
    renameSync(temp, path);
  } catch (error) {
    try { unlinkSync(temp); } catch { /* already renamed or never created */ }
    throw error;
  }
  fsyncFolder(dirname(path));
}

/** writeFileAtomicSync of `value` as JSON. */
export function writeJsonAtomicSync(path: string, value: unknown): void {
  writeFileAtomicSync(path, `${JSON.stringify(value, null, 1)}\n`);
}
