/**
 * Data paths written in a spec: resolved relative to the spec's folder, and refused when they leave the workspace
 * (by `..`, an absolute path or a symlink) unless the caller allows it. The path returned is the real one that was
 * checked, so the file read is the file approved.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DataError } from '../engine/data/dataset';

export interface PathPolicy {
  /** The folder data must stay in; without one, the spec's own folder. */
  workspaceRoot?: string;
  /** Skip the containment check (setting backpropLens.allowDataOutsideWorkspace; the CLI). */
  allowOutside?: boolean;
}

/** A data path that leaves the workspace; `file` is the path as written in the spec. */
export class PathRefusedError extends DataError {
  readonly code = 'data-outside-workspace';
  constructor(message: string, file: string, readonly resolved: string) {
    super(message, file);
    this.name = 'PathRefusedError';
  }
}

/** True when `target` is `root` or inside it (both absolute and normalised). */
export function isInsideFolder(root: string, target: string): boolean {
  const fold = (p: string) => (process.platform === 'win32' ? p.toLowerCase() : p);
  const rel = relative(fold(root), fold(target));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** The real path: symlinks followed in the deepest existing ancestor, the missing rest appended as written. */
function realPathOf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realPathOf(parent), basename(path));
  }
}

/** Why `written` leaves the workspace: an absolute path, `..` segments, or (lexically inside) a symlink on the way. */
function howItLeaves(written: string, lexical: string, lexicalRoot: string, realRoot: string): string {
  if (isInsideFolder(lexicalRoot, lexical) || isInsideFolder(realRoot, lexical)) return 'goes through a symlink';
  return isAbsolute(written) ? 'is an absolute path' : 'climbs out with ".."';
}

/** Resolves a spec's data path against the spec's folder; throws PathRefusedError when it leaves the workspace. */
export function resolveDataPath(specPath: string, written: string, policy: PathPolicy = {}): string {
  const lexical = resolve(dirname(resolve(specPath)), written);
  if (policy.allowOutside) return lexical;
  const lexicalRoot = resolve(policy.workspaceRoot ?? dirname(resolve(specPath)));
  const root = realPathOf(lexicalRoot);
  const target = realPathOf(lexical);
  if (isInsideFolder(root, target)) return target;
  throw new PathRefusedError(
    `${written} ${howItLeaves(written, lexical, lexicalRoot, root)} to ${target}, outside the workspace folder ${root}: ` +
    'move the file into the workspace, or allow it with the setting "backpropLens.allowDataOutsideWorkspace".',
    written, target,
  );
}
