/**
 * Which spec a run folder belongs to. A run's metrics.json records `specFile`: the spec's path relative to the run
 * folder, '/'-separated (a moved or cloned project keeps the link). A folder saved before `specFile` belongs to the
 * spec whose name it carries exactly, `<spec name>-<YYYY-MM-DDTHH-MM-SS>[-n]` (the name createRunFolder gives it), so
 * `c.nn.json` never takes a run of `c-wide.nn.json`. Every look-up of "the spec's runs" goes through specRunsNewestFirst.
 * Over the host's path arithmetic: node:path (src/node/specRuns.ts) or '/'-paths of URIs in the browser.
 */
import type { PathOps } from '../../engine/text/posix-path';
import { safeSegment, specBaseName } from './runFolder';

export interface SpecRunLinks {
  /** metrics.json's `specFile`: the spec's path seen from the run folder. */
  specFileFrom(runFolder: string, specPath: string): string;
  /** The absolute path of the spec a run folder's `specFile` names, or null for a folder saved without one. */
  linkedSpecPath(runFolder: string, specFile: unknown): string | null;
  /**
   * The run folders of the spec at `specPath` among `runs` (each with its metrics.json's `specFile`, undefined when
   * unread), newest first by the time in their names (then -2, -3 …).
   */
  specRunsNewestFirst(specPath: string, runs: readonly { folder: string; specFile: unknown }[]): string[];
}

/** `…T01-34-05` and the `-n` of a second run started in the same second, from a run folder's name. */
function stampOf(name: string): { stamp: string; n: number } | null {
  const m = /-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2})(?:-(\d+))?$/.exec(name);
  return m ? { stamp: m[1], n: m[2] ? Number(m[2]) : 1 } : null;
}

/** The links over `path`; `foldCase` compares paths case-insensitively (Windows). */
export function specRunLinks(path: PathOps, foldCase = false): SpecRunLinks {
  const linkedSpecPath = (runFolder: string, specFile: unknown): string | null => (typeof specFile === 'string' && specFile !== '' ? path.resolve(runFolder, specFile) : null);
  const samePath = (a: string, b: string): boolean => {
    const fold = (p: string) => (foldCase ? path.resolve(p).toLowerCase() : path.resolve(p));
    return fold(a) === fold(b);
  };
  const isRunOfSpec = (folder: string, specFile: unknown, specPath: string): boolean => {
    const linked = linkedSpecPath(folder, specFile);
    if (linked !== null) return samePath(linked, specPath);
    const named = /^(.*)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:-\d+)?$/.exec(path.basename(folder));
    return named !== null && named[1] === safeSegment(specBaseName(specPath));
  };
  return {
    specFileFrom: (runFolder, specPath) => path.relative(path.resolve(runFolder), path.resolve(specPath)).split(path.sep).join('/'),
    linkedSpecPath,
    specRunsNewestFirst: (specPath, runs) => {
      const key = (folder: string) => stampOf(path.basename(folder)) ?? { stamp: '', n: 0 };
      return runs.filter((r) => isRunOfSpec(r.folder, r.specFile, specPath)).map((r) => r.folder).sort((a, b) => {
        const [ka, kb] = [key(a), key(b)];
        return ka.stamp === kb.stamp ? kb.n - ka.n : kb.stamp.localeCompare(ka.stamp);
      });
    },
  };
}
