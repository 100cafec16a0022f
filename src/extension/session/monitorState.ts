/** A run's MonitorState, built from worker messages by a pure reducer with bounded histories. */
import { assertNever, type MonitorState, type RunState, type StepPoint, type WorkerToHost } from '../../protocol';

/** History bounds: long runs keep memory flat (older points are thinned, never the latest). */
export const MAX_LOSS_POINTS = 4000;
export const MAX_HISTORY_POINTS = 600;
export const MAX_GRAD_CHECKS = 50;
export const MAX_EPOCH_ROWS = 2000;

export function emptyMonitorState(): MonitorState {
  return {
    info: null, state: 'idle', losses: [], epochs: [], snapshot: null, deltaHistory: [], normHistory: [],
    gradChecks: [], message: null, boundary: null,
  };
}

/** Keeps every other element of the older half once `list` exceeds `max` (in place); the newest half stays dense. */
export function thinInPlace<T>(list: T[], max: number): void {
  if (list.length <= max) return;
  const half = Math.floor(list.length / 2);
  const older = list.slice(0, half).filter((_, i) => i % 2 === 0);
  list.splice(0, half, ...older);
}

export function appendLossPoints(state: MonitorState, points: StepPoint[]): void {
  for (const p of points) state.losses.push(p);
  while (state.losses.length > MAX_LOSS_POINTS) thinInPlace(state.losses, MAX_LOSS_POINTS);
}

/** Applies one worker message to the state (mutates it); returns true when the monitor should hear of it. */
export function applyWorkerMessage(state: MonitorState, msg: WorkerToHost): boolean {
  switch (msg.type) {
    case 'started':
      state.info = msg.info;
      state.deltaHistory = msg.info.layers.map(() => []);
      return true;
    case 'state':
      state.state = msg.state;
      return true;
    case 'progress':
      appendLossPoints(state, msg.points);
      return true;
    case 'epoch':
      state.epochs.push(msg.metrics);
      thinInPlace(state.epochs, MAX_EPOCH_ROWS);
      return true;
    case 'snapshot':
      applySnapshot(state, msg.snapshot);
      return true;
    case 'gradcheck':
      state.gradChecks.push(msg.result);
      if (state.gradChecks.length > MAX_GRAD_CHECKS) state.gradChecks.shift();
      return true;
    case 'finished':
      state.state = msg.reason === 'completed' ? 'finished' : 'stopped';
      return true;
    case 'failed':
      state.state = 'failed';
      state.message = msg.message;
      return true;
    case 'model':
    case 'log':
    case 'probeResult':
      return false;
    default:
      return assertNever(msg);
  }
}

function applySnapshot(state: MonitorState, snapshot: NonNullable<MonitorState['snapshot']>): void {
  state.snapshot = snapshot;
  if (snapshot.boundary) state.boundary = snapshot.boundary;
  snapshot.layers.forEach((layer, i) => {
    const history = (state.deltaHistory[i] ??= []);
    history.push({ step: snapshot.step, mean: layer.deltaMean });
    thinInPlace(history, MAX_HISTORY_POINTS);
  });
  state.normHistory.push({ step: snapshot.step, norms: snapshot.layers.map((l) => l.deltaNorm) });
  thinInPlace(state.normHistory, MAX_HISTORY_POINTS);
}

/** The state a run ends in, for a run that ended without the worker saying so (crash, terminate). */
export function markEnded(state: MonitorState, runState: Extract<RunState, 'failed' | 'stopped'>, message: string | null): void {
  state.state = runState;
  if (message !== null) state.message = message;
}
