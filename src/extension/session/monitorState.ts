/** A run's MonitorState, built from worker messages by a pure reducer with bounded histories. */
import { assertNever, isForHostOnly, MAX_EPOCH_ROWS, MAX_GRAD_CHECKS, MAX_HISTORY_POINTS, MAX_LOSS_POINTS, type MonitorState, type RunState, type StepPoint, type WorkerToHost } from '../../protocol';

export { emptyMonitorState, MAX_HISTORY_POINTS, MAX_LOSS_POINTS } from '../../protocol';

interface Sampling { stride: number; seen: number; tail: boolean }
const samplings = new WeakMap<object, Sampling>();

/**
 * Appends to a history kept at most `max` (≥ 2) long with even spacing over the whole run: every stride-th item
 * (the stride doubles whenever the list fills up), plus the newest item as a tail that the next append replaces.
 */
export function appendSampled<T>(list: T[], item: T, max: number): void {
  const s = samplings.get(list) ?? { stride: 1, seen: 0, tail: false };
  samplings.set(list, s);
  if (s.tail) list.pop();
  s.tail = s.seen % s.stride !== 0;
  s.seen++;
  list.push(item);
  if (list.length <= max) return;
  if (s.tail) list.pop();
  let kept = 0;
  for (let i = 0; i < list.length; i += 2) list[kept++] = list[i];
  list.length = kept;
  s.stride *= 2;
  s.tail = list[kept - 1] !== item;
  if (s.tail) list.push(item);
}

function appendLossPoints(state: MonitorState, points: StepPoint[]): void {
  for (const p of points) appendSampled(state.losses, p, MAX_LOSS_POINTS);
}

/** Applies one worker message to the state (mutates it); returns true when the monitor should hear of it. */
export function applyWorkerMessage(state: MonitorState, msg: WorkerToHost): boolean {
  if (isForHostOnly(msg)) return false;
  switch (msg.type) {
    case 'started':
      state.info = msg.info;
      state.points = msg.points ?? null;
      state.deltaHistory = msg.info.layers.map(() => []);
      return true;
    case 'state':
      state.state = msg.state;
      return true;
    case 'progress':
      appendLossPoints(state, msg.points);
      return true;
    case 'epoch':
      appendSampled(state.epochs, msg.metrics, MAX_EPOCH_ROWS);
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
    case 'record':
      state.record = msg.record;
      return true;
    default:
      return assertNever(msg);
  }
}

function applySnapshot(state: MonitorState, snapshot: NonNullable<MonitorState['snapshot']>): void {
  state.snapshot = snapshot;
  if (snapshot.boundary) state.boundary = snapshot.boundary;
  if (snapshot.firstLayerWeights) state.firstLayerWeights = snapshot.firstLayerWeights;
  snapshot.layers.forEach((layer, i) => {
    const history = (state.deltaHistory[i] ??= []);
    appendSampled(history, { step: snapshot.step, mean: layer.deltaMean }, MAX_HISTORY_POINTS);
  });
  appendSampled(state.normHistory, { step: snapshot.step, norms: snapshot.layers.map((l) => l.deltaNorm) }, MAX_HISTORY_POINTS);
}

/** The state a run ends in, for a run that ended without the worker saying so (crash, terminate). */
export function markEnded(state: MonitorState, runState: Extract<RunState, 'failed' | 'stopped'>, message: string | null): void {
  state.state = runState;
  if (message !== null) state.message = message;
}
