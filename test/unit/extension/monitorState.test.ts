// The MonitorState reducer: bounded histories that keep the newest points, snapshots feeding ‖δ‖ and boundary.
import * as assert from 'node:assert/strict';
import { MAX_LOSS_POINTS, MAX_HISTORY_POINTS, appendSampled, applyWorkerMessage, emptyMonitorState } from '../../../src/extension/session/monitorState';
import type { LayerSnapshotMessage } from '../../../src/protocol';

const layer = (l: number, norm: number): LayerSnapshotMessage => ({
  layer: l, units: 2, batchSize: 1, fanIn: 2, delta: new Float32Array(2), sigmaPrime: new Float32Array(2), upstream: new Float32Array(2),
  deltaMean: Float32Array.from([norm, -norm]), deltaNorm: norm, deadShare: 0, saturatedShare: 0,
});

describe('monitor state', () => {
  it('appendSampled keeps an even stride over the whole history plus the newest item', () => {
    const list: number[] = [];
    for (let i = 0; i < 1000; i++) appendSampled(list, i, 10);
    assert.ok(list.length <= 10, `${list.length}`);
    assert.equal(list.at(-1), 999, 'the newest is always there');
    const sampled = list.slice(0, -1);
    const gaps = sampled.slice(1).map((v, i) => v - sampled[i]);
    assert.equal(sampled[0], 0);
    assert.ok(gaps.every((g) => g === gaps[0]), `even gaps ${gaps}`);
  });

  it('100,000 loss points stay within the bound, and the first and latest points are kept', () => {
    const state = emptyMonitorState();
    for (let s = 1; s <= 100_000; s += 100) {
      applyWorkerMessage(state, { type: 'progress', epoch: 0, step: s + 99, points: Array.from({ length: 100 }, (_, i) => ({ step: s + i, loss: 1 })) });
    }
    assert.ok(state.losses.length <= MAX_LOSS_POINTS && state.losses.length >= MAX_LOSS_POINTS / 4, `${state.losses.length}`);
    assert.equal(state.losses[0].step, 1);
    assert.equal(state.losses.at(-1)!.step, 100_000);
    assert.ok(state.losses.every((p, i) => i === 0 || p.step > state.losses[i - 1].step), 'in step order');
    const firstTenth = state.losses.filter((p) => p.step <= 10_000).length;
    assert.ok(firstTenth >= state.losses.length / 20, `the first tenth of the run keeps ${firstTenth} of ${state.losses.length} points`);
  });

  it('snapshots update the latest snapshot, ‖δ‖ history per layer, δ-mean history and the boundary', () => {
    const state = emptyMonitorState();
    const boundary = { xMin: 0, xMax: 1, yMin: 0, yMax: 1, size: 2, values: new Float32Array(4) };
    for (let step = 1; step <= 2 * MAX_HISTORY_POINTS; step++) {
      applyWorkerMessage(state, { type: 'snapshot', snapshot: { step, epoch: 0, layers: [layer(1, step), layer(2, 2 * step)], ...(step === 7 ? { boundary } : {}) } });
    }
    assert.equal(state.snapshot?.step, 2 * MAX_HISTORY_POINTS);
    assert.deepEqual(state.normHistory.at(-1), { step: 2 * MAX_HISTORY_POINTS, norms: [2 * MAX_HISTORY_POINTS, 4 * MAX_HISTORY_POINTS] });
    assert.ok(state.normHistory.length <= MAX_HISTORY_POINTS);
    assert.equal(state.deltaHistory.length, 2);
    assert.ok(state.deltaHistory[1].length <= MAX_HISTORY_POINTS);
    assert.equal(state.boundary, boundary, 'the last boundary stays when later snapshots carry none');
  });

  it('failed and finished set the run state; logs and models do not notify the monitor', () => {
    const state = emptyMonitorState();
    assert.equal(applyWorkerMessage(state, { type: 'log', level: 'info', message: 'x' }), false);
    assert.equal(applyWorkerMessage(state, { type: 'failed', message: 'boom' }), true);
    assert.equal(state.state, 'failed');
    assert.equal(state.message, 'boom');
    applyWorkerMessage(state, { type: 'finished', reason: 'stopped', model: {}, metrics: [] });
    assert.equal(state.state, 'stopped');
  });
});
