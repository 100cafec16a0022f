/** Run folders: `<runs dir>/<spec name>-<timestamp>[-n]/`, never reusing an existing name; files written atomically. */

/** The file-system calls the run folder needs (vscode.workspace.fs in the extension, node:fs in tests). */
export interface RunFolderFs<U> {
  join(base: U, ...parts: string[]): U;
  exists(uri: U): Promise<boolean>;
  createDirectory(uri: U): Promise<void>;
  writeFile(uri: U, bytes: Uint8Array): Promise<void>;
  /** Renames without overwriting; rejects if the target exists. */
  rename(from: U, to: U): Promise<void>;
  delete(uri: U): Promise<void>;
}

/** A name safe as one path segment on every OS: letters, digits, '.', '_' and '-', at most 60 characters. */
export function safeSegment(name: string): string {
  const cleaned = name.normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 60);
  return cleaned || 'run';
}

/** The spec's base name without `.nn.json`. */
export function specBaseName(specPath: string): string {
  const file = specPath.split(/[\\/]/).pop() ?? specPath;
  return file.replace(/\.nn\.json$/i, '').replace(/\.json$/i, '');
}

/** `2026-11-28T01-34-05`: sortable, no ':' (not allowed in Windows file names). */
export function timestampSegment(date: Date): string {
  return date.toISOString().slice(0, 19).replace(/:/g, '-');
}

/** Creates a new, empty run folder; adds -2, -3 … when the name is taken (runs started in the same second). */
export async function createRunFolder<U>(fs: RunFolderFs<U>, runsDir: U, specName: string, date: Date): Promise<U> {
  await fs.createDirectory(runsDir);
  const base = `${safeSegment(specName)}-${timestampSegment(date)}`;
  for (let n = 1; n < 1000; n++) {
    const candidate = fs.join(runsDir, n === 1 ? base : `${base}-${n}`);
    if (await fs.exists(candidate)) continue;
    await fs.createDirectory(candidate);
    return candidate;
  }
  throw new Error(`could not find a free run folder name for ${base}`);
}

/** Writes `bytes` to a temp file next to `target`, then renames it into place; never overwrites an existing file. */
export async function writeFileAtomic<U>(fs: RunFolderFs<U>, folder: U, name: string, bytes: Uint8Array): Promise<U> {
  const target = fs.join(folder, name);
  if (await fs.exists(target)) throw new Error(`${name} already exists in the run folder; not overwriting it`);
  const temp = fs.join(folder, `.${name}.${process.pid}.${Date.now()}.tmp`);
  await fs.writeFile(temp, bytes);
  try {
    await fs.rename(temp, target);
  } catch (error) {
    await fs.delete(temp).catch(() => undefined);
    throw error;
  }
  return target;
}

export function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(value, null, 1)}\n`);
}
