/** Data files for the worker: paths resolve against the spec's folder and may not leave the workspace unless allowed. */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataError, type ReadDataFile } from '../engine/data';

export interface DataAccessOptions {
  /** The workspace folder holding the spec; without one, the spec's own folder is the boundary. */
  workspaceRoot?: string;
  allowDataOutsideWorkspace?: boolean;
}

export interface DataAccess {
  readFile: ReadDataFile;
  fileExists: (path: string) => boolean;
  gunzip: (bytes: Uint8Array) => Uint8Array;
}

/** True when `target` is `root` or inside it (both absolute, already normalised). */
export function isInsideFolder(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The real path (symlinks followed) when the file exists, else the lexical path. */
function realOrLexical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Resolves a data path written in the spec; throws a DataError naming the path when it leaves the workspace. */
export function resolveDataPath(specPath: string, written: string, options: DataAccessOptions): string {
  const full = resolve(dirname(specPath), written);
  if (options.allowDataOutsideWorkspace) return full;
  const root = realOrLexical(resolve(options.workspaceRoot ?? dirname(specPath)));
  const target = realOrLexical(full);
  if (!isInsideFolder(root, target)) {
    throw new DataError(
      `${written} resolves to ${target}, outside the workspace folder ${root}: move the file into the workspace, or allow it with the setting "backpropLens.allowDataOutsideWorkspace".`,
      written,
    );
  }
  return full;
}

/** Reads data files named in a spec with node:fs (the extension host never holds a copy). */
export function dataAccess(specPath: string, options: DataAccessOptions): DataAccess {
  return {
    readFile: (written, as) => {
      const full = resolveDataPath(specPath, written, options);
      return as === 'text' ? readFileSync(full, 'utf8') : new Uint8Array(readFileSync(full));
    },
    fileExists: (written) => {
      try {
        return existsSync(resolveDataPath(specPath, written, options));
      } catch {
        return true; // exists or not, the outside-workspace refusal is reported when the file is read
      }
    },
    gunzip: (bytes) => new Uint8Array(gunzipSync(bytes)),
  };
}
