// After Reload Window the host reads which run a revived monitor showed from the view the webview persisted
// (media/lib/persist.ts encodeView), to bring that run back from its folder.
import * as assert from 'node:assert/strict';
import { emptyMonitorState, type MonitorState, type RunInfo } from '../../../src/protocol';
import { persistedRun } from '../../../src/extension/monitor/persistedRun';
import { defaultUiState, encodeView } from '../../../media/lib/persist';

const info = { runId: 'run-abc-1', name: 'spiral', layers: [] } as unknown as RunInfo;
const persisted = (monitor: MonitorState) => JSON.parse(JSON.stringify(encodeView(monitor, defaultUiState()))) as unknown;

describe('monitor: the run a revived panel showed', () => {
  it('reads the run id from the encoded view, and whether it was training', () => {
    assert.deepEqual(persistedRun(persisted({ ...emptyMonitorState(), info, state: 'finished' })), { runId: 'run-abc-1', wasLive: false });
    assert.deepEqual(persistedRun(persisted({ ...emptyMonitorState(), info, state: 'running' })), { runId: 'run-abc-1', wasLive: true });
    assert.deepEqual(persistedRun(persisted({ ...emptyMonitorState(), info, state: 'stopped', savedRun: 'file:///w/.backprop-lens/runs/x' })), { runId: 'run-abc-1', wasLive: false });
  });

  it('is null for a view without a run, and for anything that is not a view', () => {
    assert.equal(persistedRun(persisted(emptyMonitorState())), null);
    for (const junk of [undefined, null, 3, 'x', { monitor: { info: { runId: 7 } } }]) assert.equal(persistedRun(junk), null);
  });
});
