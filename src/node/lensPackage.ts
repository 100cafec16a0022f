/**
 * python/backprop_lens as an exported PyTorch project carries it (`backprop_lens/*.py` beside train.py, so the project
 * runs on a machine that has only its folder), and where its lens records by default.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { ProjectFile } from '../engine/export/pytorch-project';
import { safeSegment, specBaseName } from '../extension/session/runFolder';

/** The folder holding python/backprop_lens: the repository, or the installed extension (dist/ bundles sit one below). */
function lensPackageDir(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'python', 'backprop_lens');
    if (existsSync(join(candidate, '__init__.py'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`python/backprop_lens is missing above ${from}: this installation cannot export the lens`);
  }
}

/** Every .py file of the package as `backprop_lens/<file>`. */
export function lensPackageFiles(from: string = __dirname): ProjectFile[] {
  const dir = lensPackageDir(from);
  return readdirSync(dir).filter((f) => f.endsWith('.py')).sort().map((f) => ({ path: `backprop_lens/${f}`, text: readFileSync(join(dir, f), 'utf8') }));
}

/** train.py's default lens runs: `runsDir` seen from the project folder, folders named `<spec file's name>-pytorch-<time>`. */
export function lensRunsOf(specPath: string, projectDir: string, runsDir: string): { dir: string; name: string } {
  return { dir: relative(projectDir, runsDir).split(sep).join('/') || '.', name: `${safeSegment(specBaseName(specPath))}-pytorch` };
}
