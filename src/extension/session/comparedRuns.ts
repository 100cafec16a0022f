/** Compare Runs, pure: loaded run folders → the runs the compare panel draws, each with its spec diff against the first. */
import { parse as parseJsonc } from 'jsonc-parser';
import type { ComparedRun, RunInfo, RunRecord, RunState } from '../../protocol';
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

/** The runs in the order picked; runs[0] is the reference: every other run lists how its spec differs from it. */
export function comparedRuns(runs: readonly LoadedRun[]): ComparedRun[] {
  return runs.map((run, i) => ({
    folder: run.folder, label: run.label, info: run.info, state: run.state, record: run.record,
    specDiff: i === 0 ? [] : runs[0].specText === null || run.specText === null ? [SPEC_NOT_SAVED] : specTextDiff(runs[0].specText, run.specText),
  }));
}
