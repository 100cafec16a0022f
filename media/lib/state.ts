/** The webview's run state: a pure reducer from host messages to a new MonitorState (inputs are never mutated). */
import { assertNever, emptyMonitorState, ENDED_BY_RESTART, MAX_EPOCH_ROWS, MAX_GRAD_CHECKS, MAX_HISTORY_POINTS, MAX_LOSS_POINTS, type GradCheckResult, type HostToWebview, type MonitorState, type Snapshot, type StepPoint } from '../../src/protocol';

import { applyRecordDelta } from '../../src/engine/record/delta';
import { decodeSnapshot } from './codedSnapshot';

export { emptyMonitorState, MAX_EPOCH_ROWS, MAX_LOSS_POINTS } from '../../src/protocol';

/**
 * A copy of `list` (ordered by step) at most `max` long: when longer, one point per equal slice of the step range
 * (max / 2 slices) plus the last, so the curve keeps its whole range however densely new points arrive at the end.
 */
export function thinned<T extends { step: number }>(list: readonly T[], max: number): T[] {
  if (list.length <= max) return list.slice();
  const first = list[0].step, last = list[list.length - 1];
  const slice = (last.step - first) / Math.max(1, Math.floor(max / 2)) || 1;
  const out: T[] = [];
  let taken = -1;
  for (const p of list) {
    const k = Math.floor((p.step - first) / slice);
    if (k > taken) { out.push(p); taken = k; }
  }
  if (out[out.length - 1] !== last) out.push(last);
  return out.length <= max ? out : out.filter((_, i) => i % 2 === 0 || i === out.length - 1);
}

/** A restarted host has no run: the view restored from setState stays, and a run it showed as active is marked ended. */
function keptAfterRestart(state: MonitorState): MonitorState {
  if (state.state !== 'starting' && state.state !== 'running' && state.state !== 'paused') return state;
  return { ...state, state: 'stopped', message: ENDED_BY_RESTART };
}

/**
 * Returns the state after `msg`; `state` itself is left as it was. Replays are harmless: after a fullState the host
 * may still deliver updates the fullState already holds, so known steps, epochs and run ids are skipped.
 */
export function reduce(state: MonitorState, msg: HostToWebview): MonitorState {
  switch (msg.type) {
    case 'fullState':
      if (msg.state.info === null && state.info !== null) return keptAfterRestart(state);
      return { ...msg.state, epochs: thinned(msg.state.epochs, MAX_EPOCH_ROWS) };
    case 'started':
      if (state.info?.runId === msg.info.runId) return state;
      return { ...emptyMonitorState(), info: msg.info, points: msg.points ?? null, state: 'starting', deltaHistory: msg.info.layers.map(() => []) };
    case 'runState':
      return { ...state, state: msg.state, message: msg.message ?? (msg.state === 'failed' ? state.message : null) };
    case 'progress':
      return withLosses(state, msg.points);
    case 'epoch':
      if (state.epochs.length && state.epochs[state.epochs.length - 1].epoch >= msg.metrics.epoch) return state;
      return { ...state, epochs: thinned([...state.epochs, msg.metrics], MAX_EPOCH_ROWS) };
    case 'snapshot':
      return withSnapshot(state, msg.snapshot);
    case 'codedSnapshot':
      return withSnapshot(state, decodeSnapshot(msg.snapshot));
    case 'gradcheck':
      if (state.gradChecks.some((c) => sameCheck(c, msg.result))) return state;
      return { ...state, gradChecks: [...state.gradChecks, msg.result].slice(-MAX_GRAD_CHECKS) };
    case 'record':
      return { ...state, record: msg.record };
    case 'recordDelta':
      return state.record ? { ...state, record: applyRecordDelta(state.record, msg.delta) } : state; // the host sends a whole record first
    case 'frame':
    case 'compare':
    case 'explanation':
    case 'explainRequested':
      return state; // drawn by the step slider, Compare Runs and Explain views (view state, not run state)
    default:
      return assertNever(msg);
  }
}

/** Applies messages in order. */
export function reduceAll(state: MonitorState, messages: readonly HostToWebview[]): MonitorState {
  return messages.reduce(reduce, state);
}

/** Loss points after the last known step appended (older ones are replays). */
function withLosses(state: MonitorState, points: readonly StepPoint[]): MonitorState {
  const lastStep = state.losses.length ? state.losses[state.losses.length - 1].step : -Infinity;
  const fresh = points.filter((p) => p.step > lastStep);
  return fresh.length ? { ...state, losses: thinned([...state.losses, ...fresh], MAX_LOSS_POINTS) } : state;
}

function sameCheck(a: GradCheckResult, b: GradCheckResult): boolean {
  return a.step === b.step && a.passed === b.passed && JSON.stringify(a.layers.map((l) => l.weights.maxRelError)) === JSON.stringify(b.layers.map((l) => l.weights.maxRelError));
}

/** Latest snapshot; batch-mean δ and ‖δ‖ appended to their histories (a snapshot at a known step only replaces). */
function withSnapshot(state: MonitorState, snapshot: Snapshot): MonitorState {
  const lastStep = state.normHistory.length ? state.normHistory[state.normHistory.length - 1].step : -Infinity;
  if (snapshot.step <= lastStep) return snapshot.step === state.snapshot?.step ? { ...state, ...latestOf(state, snapshot) } : state;
  const deltaHistory = snapshot.layers.map((layer, i) =>
    thinned([...(state.deltaHistory[i] ?? []), { step: snapshot.step, mean: layer.deltaMean }], MAX_HISTORY_POINTS));
  const normHistory = thinned([...state.normHistory, { step: snapshot.step, norms: snapshot.layers.map((l) => l.deltaNorm) }], MAX_HISTORY_POINTS);
  return { ...state, ...latestOf(state, snapshot), deltaHistory, normHistory };
}

/** The snapshot, and its boundary and weight images when it carries them (a snapshot may come again, with a section it lacked). */
function latestOf(state: MonitorState, snapshot: Snapshot): Pick<MonitorState, 'snapshot' | 'boundary' | 'firstLayerWeights'> {
  return { snapshot, boundary: snapshot.boundary ?? state.boundary, firstLayerWeights: snapshot.firstLayerWeights ?? state.firstLayerWeights };
}

/** What #run-status shows: one of idle, running, paused, finished, stopped, failed ('starting' reads as running). */
export function statusText(state: MonitorState['state']): string {
  return state === 'starting' ? 'running' : state;
}

/** Which controls make sense in a run state. */
export function controlsFor(state: MonitorState['state']): { pause: 'pause' | 'resume' | null; step: boolean; stop: boolean; restart: boolean; learningRate: boolean } {
  const live = state === 'running' || state === 'starting' || state === 'paused';
  return {
    pause: state === 'paused' ? 'resume' : live ? 'pause' : null,
    step: state === 'paused',
    stop: live,
    restart: state !== 'idle',
    learningRate: state === 'paused',
  };
}

/** Whether the snapshot's δ arrived as a Float32Array (binary transfer), null without a snapshot. */
export function snapshotIsFloat32(state: MonitorState): boolean | null {
  const layer = state.snapshot?.layers[0];
  return layer ? layer.delta instanceof Float32Array : null;
}
