import * as assert from 'node:assert/strict';
import type { HostToWebview, MonitorState } from '../../../src/protocol';
import { MAX_EPOCH_ROWS, MAX_LOSS_POINTS, controlsFor, emptyMonitorState, reduce, reduceAll, statusText, thinned } from '../../../media/lib/state';
import { recordSpiralRun } from './recordedRun';

/** Freezes objects and arrays deeply (typed arrays cannot be frozen; their contents are compared instead). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('webview state reducer', () => {
  const stream = recordSpiralRun();

  it('never mutates the state or the message it is given', () => {
    let state = emptyMonitorState();
    for (const message of stream) {
      const stateBefore = structuredClone(state);
      const messageBefore = structuredClone(message);
      deepFreeze(state);
      deepFreeze(message);
      const next = reduce(state, message); // frozen inputs: an in-place write to an object or array throws
      assert.deepEqual(state, stateBefore);
      assert.deepEqual(message, messageBefore);
      state = next;
    }
  });

  it('builds the run state from a whole run: losses, epochs, δ histories, norms, checks, boundary', () => {
    const state = reduceAll(emptyMonitorState(), stream);
    const info = (stream[0] as Extract<HostToWebview, { type: 'started' }>).info;
    const snapshots = stream.filter((m) => m.type === 'snapshot').length;
    const lastLossStep = Math.max(...stream.flatMap((m) => (m.type === 'progress' ? m.points.map((p) => p.step) : [])));
    assert.equal(state.state, 'finished');
    assert.equal(state.losses.at(-1)?.step, lastLossStep);
    assert.equal(state.epochs.length, 4);
    assert.equal(state.deltaHistory.length, info.layers.length);
    for (const [i, history] of state.deltaHistory.entries()) {
      assert.equal(history.length, snapshots);
      assert.equal(history[0].mean.length, info.layers[i].units);
    }
    assert.equal(state.normHistory.length, snapshots);
    assert.equal(state.gradChecks.length, 4);
    assert.ok(state.boundary && state.boundary.values.length === state.boundary.size ** 2);
  });

  it('ignores updates a fullState already holds (replays after ready), so nothing is counted twice', () => {
    const half = Math.floor(stream.length / 2);
    const atHalf = reduceAll(emptyMonitorState(), stream.slice(0, half));
    const replayedTail = stream.slice(half - 6); // six messages the fullState already contains, then new ones
    const withReplay = reduceAll(reduce(emptyMonitorState(), { type: 'fullState', state: atHalf }), replayedTail);
    const straight = reduceAll(emptyMonitorState(), stream);
    assert.equal(withReplay.losses.length, straight.losses.length);
    assert.equal(withReplay.epochs.length, straight.epochs.length);
    assert.equal(withReplay.normHistory.length, straight.normHistory.length);
    assert.equal(withReplay.gradChecks.length, straight.gradChecks.length);
    assert.equal(withReplay.deltaHistory[0].length, straight.deltaHistory[0].length);
  });

  it('after a restart (the host has no run) keeps the restored view and marks a run it showed as active stopped', () => {
    const restored = reduceAll(emptyMonitorState(), stream);
    const noRun: HostToWebview = { type: 'fullState', state: emptyMonitorState() };
    const running = reduce({ ...restored, state: 'running' }, noRun);
    assert.equal(running.state, 'stopped');
    assert.match(running.message ?? '', /ended when VS Code restarted/);
    assert.equal(running.losses, restored.losses, 'the curve is kept');
    assert.equal(running.snapshot, restored.snapshot, 'the last δ snapshot is kept');
    const finished = { ...restored, state: 'finished' as const };
    assert.equal(reduce(finished, noRun), finished, 'a finished run stays as it was');
    assert.equal(reduce(emptyMonitorState(), noRun).info, null, 'nothing restored: the empty state');
  });

  it("a 'started' of the same run keeps the state; a new run id starts empty", () => {
    const state = reduceAll(emptyMonitorState(), stream);
    const started = stream[0] as Extract<HostToWebview, { type: 'started' }>;
    assert.equal(reduce(state, started), state);
    const points = { xy: Float32Array.of(1, 2), targets: Float32Array.of(1), trainCount: 1 };
    const next = reduce(state, { type: 'started', info: { ...started.info, runId: 'run-2' }, points });
    assert.equal(next.points, points, 'the plane points of the new run are kept');
    assert.equal(next.info?.runId, 'run-2');
    assert.equal(next.losses.length, 0);
    assert.equal(next.state, 'starting');
    assert.equal(next.deltaHistory.length, started.info.layers.length);
  });

  it('keeps at most MAX_LOSS_POINTS loss points, the newest always kept', () => {
    let state: MonitorState = emptyMonitorState();
    for (let chunk = 0; chunk < 30; chunk++) {
      const points = Array.from({ length: 500 }, (_, i) => ({ step: chunk * 500 + i + 1, loss: 1 / (chunk * 500 + i + 1) }));
      state = reduce(state, { type: 'progress', points });
    }
    assert.ok(state.losses.length <= MAX_LOSS_POINTS);
    assert.equal(state.losses.at(-1)?.step, 15000);
    assert.equal(state.losses[0].step, 1);
    const steps = state.losses.map((p) => p.step);
    assert.deepEqual(steps, [...steps].sort((a, b) => a - b));
  });

  it('keeps at most MAX_EPOCH_ROWS epochs (tiny nets run tens of thousands), from messages and from a fullState', () => {
    const metrics = (epoch: number) => ({ epoch, step: epoch * 3, loss: 1, accuracy: null, testLoss: null, testAccuracy: null, seconds: 0 });
    let state: MonitorState = emptyMonitorState();
    for (let e = 1; e <= 5000; e++) state = reduce(state, { type: 'epoch', metrics: metrics(e) });
    assert.ok(state.epochs.length <= MAX_EPOCH_ROWS);
    assert.equal(state.epochs.at(-1)?.epoch, 5000);
    const full = reduce(emptyMonitorState(), { type: 'fullState', state: { ...emptyMonitorState(), epochs: Array.from({ length: 42_000 }, (_, i) => metrics(i + 1)) } });
    assert.ok(full.epochs.length <= MAX_EPOCH_ROWS);
    assert.equal(full.epochs.at(-1)?.epoch, 42_000);
  });

  it('thinned() keeps points evenly spaced in steps, keeps the first and the last, returns a copy', () => {
    const list = Array.from({ length: 10 }, (_, i) => ({ step: i }));
    assert.deepEqual(thinned(list, 8).map((p) => p.step), [0, 3, 5, 7, 9]);
    assert.equal(list.length, 10);
    const long = Array.from({ length: 100_000 }, (_, i) => ({ step: i }));
    const kept = thinned(long, 4000).map((p) => p.step);
    const gaps = kept.slice(1).map((v, i) => v - kept[i]);
    assert.ok(Math.max(...gaps.slice(0, -1)) === Math.min(...gaps.slice(0, -1)), 'evenly spaced: the middle of a long run is kept');
  });

  it('a long run streamed in small batches keeps its whole curve (no step range left empty)', () => {
    let losses: { step: number; loss: number }[] = [];
    for (let step = 0; step < 1_000_000; step += 500) {
      const batch = Array.from({ length: 50 }, (_, i) => ({ step: step + i * 10, loss: 1 }));
      losses = thinned([...losses, ...batch], MAX_LOSS_POINTS);
    }
    const gaps = losses.slice(1).map((p, i) => p.step - losses[i].step);
    assert.ok(losses.length >= MAX_LOSS_POINTS / 4, `kept ${losses.length} points`);
    assert.ok(Math.max(...gaps) <= (8 * 1_000_000) / MAX_LOSS_POINTS, `largest gap ${Math.max(...gaps)} steps`);
  });

  it('shows a status from the fixed vocabulary and enables the controls that make sense', () => {
    assert.equal(statusText('starting'), 'running');
    for (const s of ['idle', 'running', 'paused', 'finished', 'stopped', 'failed'] as const) assert.equal(statusText(s), s);
    assert.deepEqual(controlsFor('paused'), { pause: 'resume', step: true, stop: true, restart: true, learningRate: true });
    assert.deepEqual(controlsFor('running'), { pause: 'pause', step: false, stop: true, restart: true, learningRate: false });
    assert.deepEqual(controlsFor('idle'), { pause: null, step: false, stop: false, restart: false, learningRate: false });
    assert.deepEqual(controlsFor('finished'), { pause: null, step: false, stop: false, restart: true, learningRate: false });
  });
});
