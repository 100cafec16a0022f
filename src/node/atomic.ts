/**
 * Durable file writes: a temp file in the same folder, written and fsync'd, then renamed over the target, then the
 * folder fsync'd. A crash or kill at any point leaves either the previous file or the new one, never a torn one.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Writes `data` to `path` and fsyncs it (no rename: for callers that rename themselves). */
export function writeFileSynced(path: string, data: string | Uint8Array, flag = 'w'): void {
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

/** Replaces `path` atomically with `data` (write temp + fsync + rename + fsync folder). */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
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
