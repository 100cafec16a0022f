/** Compare Runs, pure: loaded run folders → the runs the compare panel draws, oldest first, each with its spec diff against the oldest. */
import { parse as parseJsonc } from 'jsonc-parser';
import type { ComparedRun, RunInfo, RunRecord, RunState } from '../../protocol';
import { timestampOfSegment } from './runFolder';
import { formatChange, parseSpecText, resolveSpec, specDiff } from '../../engine/spec';

/** What Compare Runs needs of one run folder (readRunFolder gives more); specText is null for a run saved without spec.json. */
export interface LoadedRun { folder: string; label: string; info: RunInfo; state: RunState; record: RunRecord; specText: string | null }

/** The diff line of a run whose spec (or the reference's) was not saved with it. */
export const SPEC_NOT_SAVED = '(spec not saved with this run: no diff)';

/**
 * "path: from → to" lines for how spec `b` differs from spec `a`: over the specs with defaults filled when both are
 * valid (a default written out is no change), else over both as written.
 */
function specTextDiff(a: string, b: string): string[] {
  const specA = parseSpecText(a).spec, specB = parseSpecText(b).spec;
  const raw = (text: string) => parseJsonc(text, [], { allowTrailingComma: true });
  const [left, right] = specA && specB ? [resolveSpec(specA), resolveSpec(specB)] : [raw(a), raw(b)];
  return specDiff(left, right).map(formatChange);
}

/**
 * When a run started, in ms since 1970: from its runId (RunSession's `run-<Date.now() in base 36>-<n>`), else from its
 * folder name's `2026-12-02T22-01-44` (UTC; the folder is made at the first checkpoint), else Infinity (unknown: last).
 */
function startedAt(run: LoadedRun): number {
  const fromId = /^run-([0-9a-z]+)-\d+$/.exec(run.info.runId ?? '');
  if (fromId) return parseInt(fromId[1], 36);
  return timestampOfSegment(folderName(run))?.getTime() ?? Infinity;
}

function folderName(run: LoadedRun): string {
  return run.folder.replace(/\/+$/, '').split('/').pop() ?? run.folder;
}

/** Oldest first; runs that started at the same time (or both unknown) by folder name, digits as numbers (`-2` < `-10`). */
function oldestFirst(a: LoadedRun, b: LoadedRun): number {
  const [ta, tb] = [startedAt(a), startedAt(b)];
  if (ta !== tb) return ta < tb ? -1 : 1;
  return folderName(a).localeCompare(folderName(b), 'en', { numeric: true }) || a.folder.localeCompare(b.folder, 'en');
}

/**
 * The runs oldest first, whatever the pick order; runs[0] (the oldest) is the reference: every other run lists how its
 * spec differs from it, so the changes read in the order the runs were trained ("sigmoid → relu").
 */
export function comparedRuns(picked: readonly LoadedRun[]): ComparedRun[] {
  const runs = [...picked].sort(oldestFirst);
  return runs.map((run, i) => ({
    folder: run.folder, label: run.label, info: run.info, state: run.state, record: run.record,
    specDiff: i === 0 ? [] : runs[0].specText === null || run.specText === null ? [SPEC_NOT_SAVED] : specTextDiff(runs[0].specText, run.specText),
  }));
}
