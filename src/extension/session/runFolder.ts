/** Run folders: `<runs dir>/<spec name>-<timestamp>[-n]/`, never reusing an existing name; files written atomically. */
import type { PathOps } from '../../engine/text/posix-path';

/** The file-system calls the run folder needs (vscode.workspace.fs in the extension, node:fs in tests). */
export interface RunFolderFs<U> {
  join(base: U, ...parts: string[]): U;
  exists(uri: U): Promise<boolean>;
  createDirectory(uri: U): Promise<void>;
  writeFile(uri: U, bytes: Uint8Array): Promise<void>;
  /** Renames without overwriting (rejects if the target exists), or atomically replacing the target when `replace`. */
  rename(from: U, to: U, replace?: boolean): Promise<void>;
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

/** train.py's default lens runs: `runsDir` seen from the project folder, folders named `<spec file's name>-pytorch-<time>`. */
export function lensRunsWith(path: Pick<PathOps, 'relative' | 'sep'>, specPath: string, projectDir: string, runsDir: string): { dir: string; name: string } {
  return { dir: path.relative(projectDir, runsDir).split(path.sep).join('/') || '.', name: `${safeSegment(specBaseName(specPath))}-pytorch` };
}

/** `2026-11-28T01-34-05`: sortable, no ':' (not allowed in Windows file names). */
export function timestampSegment(date: Date): string {
  return date.toISOString().slice(0, 19).replace(/:/g, '-');
}

/** The time a folder name's timestampSegment stands for (UTC), or null when the name has none. */
export function timestampOfSegment(name: string): Date | null {
  const stamp = /(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})/.exec(name);
  return stamp ? new Date(`${stamp[1]}T${stamp[2]}:${stamp[3]}:${stamp[4]}Z`) : null;
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

/** This extension host's mark in temp-file names (not process.pid: the browser's extension host has no `process`). */
const WRITER_ID = Math.floor(Math.random() * 0x7fffffff).toString(36);

/**
 * Writes `bytes` to a temp file next to `target`, then renames it into place; overwrites an existing file only when
 * `replace` (a running run's own checkpoint), else refuses.
 */
export async function writeFileAtomic<U>(fs: RunFolderFs<U>, folder: U, name: string, bytes: Uint8Array, replace = false): Promise<U> {
  const target = fs.join(folder, name);
  if (!replace && await fs.exists(target)) throw new Error(`${name} already exists in the run folder; not overwriting it`);
  const temp = fs.join(folder, `.${name}.${WRITER_ID}.${Date.now()}.tmp`);
  await fs.writeFile(temp, bytes);
  try {
    await fs.rename(temp, target, replace);
  } catch (error) {
    await fs.delete(temp).catch(() => undefined);
    throw error;
  }
  return target;
}

/** The record and δ frames of a run (engine/record/record-file.ts). */
export const RECORD_FILE = 'record.bin';

/** The spec text the run trained (a plain .json name: a *.nn.json copy would be linted as a spec with the wrong data paths). */
export const SPEC_FILE = 'spec.json';

/** What a run folder holds: metrics.json, model.json when there is a model, record.bin when there is a record, spec.json. */
export interface RunFiles { metrics: unknown; model?: unknown; record?: Uint8Array; spec?: string }

/**
 * Writes a run's metrics.json (and model.json when given): into `ownFolder` replacing its earlier checkpoint when the
 * run already has a folder, else into the one `newFolder` creates. metrics.json records `specFile: specFileOf(folder)`,
 * the link to its spec (src/node/specRuns.ts). Resolves the folder.
 */
export async function writeRunFiles<U>(fs: RunFolderFs<U>, ownFolder: U | undefined, newFolder: () => Promise<U>, files: RunFiles, specFileOf: (folder: U) => string): Promise<U> {
  const folder = ownFolder ?? await newFolder();
  const replace = ownFolder !== undefined;
  await writeFileAtomic(fs, folder, 'metrics.json', jsonBytes({ ...(files.metrics as object), specFile: specFileOf(folder) }), replace);
  if (files.model !== undefined) await writeFileAtomic(fs, folder, 'model.json', jsonBytes(files.model), replace);
  if (files.record !== undefined) await writeFileAtomic(fs, folder, RECORD_FILE, files.record, replace);
  if (files.spec !== undefined) await writeFileAtomic(fs, folder, SPEC_FILE, new TextEncoder().encode(files.spec), replace);
  return folder;
}

export function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(value, null, 1)}\n`);
}
