/** A saved run (readRunFolder) as the monitor shows it (Open Run…) and as Compare Runs… loads it. */
import { emptyMonitorState, type MonitorState, type RunState, type SeriesBuckets, type StepPoint } from '../../protocol';
import type { LoadedRun } from './comparedRuns';
import type { SavedRun } from './readRunFolder';

/** The loss chart's points of a saved run: each loss bucket's mean at the bucket's last step. */
function lossPoints(loss: SeriesBuckets): StepPoint[] {
  return Array.from(loss.mean, (mean, b) => ({ step: loss.last[b], loss: mean }));
}

/** A checkpoint of a run the window lost while it trained says 'running': saved, it is a stopped run. */
function endedState(state: RunState): RunState {
  return state === 'finished' || state === 'failed' ? state : 'stopped';
}

/**
 * The monitor state of a saved run in `folder` (URI string): its record, epochs, the last δ frame as the snapshot, the
 * latest boundary and the points; `savedRun` set, so the monitor hides the run controls. Histories come from the record.
 */
export function savedMonitorState(run: SavedRun, folder: string): MonitorState {
  let boundary = null;
  for (const frame of run.frames) boundary = frame.boundary ?? boundary;
  return {
    ...emptyMonitorState(),
    info: run.info, state: endedState(run.state), message: run.message, epochs: run.epochs, losses: lossPoints(run.record.loss),
    snapshot: run.frames.at(-1) ?? null, deltaHistory: run.info.layers.map(() => []), boundary, points: run.points,
    record: run.record, savedRun: folder,
  };
}

/** What Compare Runs needs of a saved run: `label` names it in the legend. */
export function loadedRun(run: SavedRun, folder: string, label: string): LoadedRun {
  return { folder, label, info: run.info, state: endedState(run.state), record: run.record, specText: run.specText };
}
