import * as assert from 'node:assert/strict';
import { PERSISTED_HISTORY, decodeView, decodeValue, defaultUiState, encodeValue, encodeView } from '../../../media/lib/persist';
import { emptyMonitorState, reduceAll } from '../../../media/lib/state';
import { recordSpiralRun } from './recordedRun';
import { recordOf } from './recordFixture';

describe('persisted webview state', () => {
  it('survives JSON (what setState does) with Float32Array values bit for bit', () => {
    const state = reduceAll(emptyMonitorState(), recordSpiralRun({ snapshotEvery: 1 }));
    const ui = { ...defaultUiState(), lossScale: 'log' as const };
    const restored = decodeView(JSON.parse(JSON.stringify(encodeView(state, ui))))!;
    assert.ok(restored);
    assert.deepEqual(restored.ui, ui);
    assert.equal(restored.monitor.state, 'finished');
    assert.deepEqual(restored.monitor.losses, state.losses);
    const layer = restored.monitor.snapshot!.layers[1];
    assert.ok(layer.delta instanceof Float32Array);
    assert.deepEqual(Array.from(layer.delta), Array.from(state.snapshot!.layers[1].delta));
    assert.deepEqual(Array.from(restored.monitor.boundary!.values), Array.from(state.boundary!.values));
  });

  it('keeps only the newest δ history entries', () => {
    const state = reduceAll(emptyMonitorState(), recordSpiralRun({ snapshotEvery: 1, epochs: 20 }));
    assert.ok(state.deltaHistory[0].length > PERSISTED_HISTORY, 'the fixture must be longer than what is kept');
    const restored = decodeView(JSON.parse(JSON.stringify(encodeView(state, defaultUiState()))))!;
    assert.equal(restored.monitor.deltaHistory[0].length, PERSISTED_HISTORY);
    assert.equal(restored.monitor.deltaHistory[0].at(-1)!.step, state.deltaHistory[0].at(-1)!.step);
  });

  it('drops large batch matrices (the host resends them) but keeps the per-layer summaries', () => {
    const units = [256, 128, 10];
    const layers = units.map((n, i) => ({
      layer: i + 1, units: n, batchSize: 128, fanIn: 1, delta: new Float32Array(n * 128), sigmaPrime: new Float32Array(n * 128),
      upstream: new Float32Array(n * 128), deltaMean: new Float32Array(n).fill(0.5), deltaNorm: 0.1, deadShare: 0, saturatedShare: 0,
    }));
    const state = { ...emptyMonitorState(), snapshot: { step: 7, epoch: 0, layers } };
    const restored = decodeView(JSON.parse(JSON.stringify(encodeView(state, defaultUiState()))))!;
    const layer = restored.monitor.snapshot!.layers[0];
    assert.deepEqual([layer.batchSize, layer.delta.length, layer.deltaMean.length, layer.deltaMean[0]], [0, 0, 256, 0.5]);
  });

  it('leaves the step record out (the host resends it after ready): setState stays small however long the run', () => {
    const state = reduceAll(emptyMonitorState(), recordSpiralRun({ snapshotEvery: 1, epochs: 20 }));
    const withRecord = { ...state, record: recordOf(recordSpiralRun({ snapshotEvery: 1, epochs: 20 })) };
    assert.ok(withRecord.record.loss.count.length > 100, 'the fixture must hold a real record');
    const text = JSON.stringify(encodeView(withRecord, defaultUiState()));
    assert.equal(text.length, JSON.stringify(encodeView(state, defaultUiState())).length);
    assert.equal(decodeView(JSON.parse(text))!.monitor.record, null);
  });

  it('rejects what it did not write', () => {
    assert.equal(decodeView(undefined), null);
    assert.equal(decodeView({ version: 2 }), null);
    assert.equal(decodeView({ version: 1, monitor: {} }), null);
  });

  it('round-trips typed arrays at any offset', () => {
    const buffer = new Float32Array([9, 1.5, -2.25, 7]);
    const view = new Float32Array(buffer.buffer, 4, 2);
    const decoded = decodeValue(JSON.parse(JSON.stringify(encodeValue({ v: view })))) as { v: Float32Array };
    assert.deepEqual(Array.from(decoded.v), [1.5, -2.25]);
  });
});
