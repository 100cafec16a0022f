// The status bar's text (pure): a refused run says so; the final loss is the one the outcome notification shows.
import * as assert from 'node:assert/strict';
import type { EpochMetrics, MonitorState, RunInfo } from '../../../src/protocol';
import { emptyMonitorState } from '../../../src/extension/session/monitorState';
import { finalLossText, statusText } from '../../../src/extension/ui/statusText';

const INFO = { epochs: 2 } as RunInfo;
const epoch = (n: number, loss: number): EpochMetrics => ({ epoch: n, step: 10 * n, loss, accuracy: null, testLoss: null, testAccuracy: null, seconds: n });

function state(patch: Partial<MonitorState>): MonitorState {
  return { ...emptyMonitorState(), ...patch };
}

describe('status bar text', () => {
  it('a run refused before it started (no run info) says "not started", not "starting"', () => {
    const refused = state({ state: 'failed', message: 'over the memory budget: the network would need about 61.0 MiB …' });
    assert.equal(statusText(refused), '$(error) not started');
  });

  it('while running it shows the last mini-batch loss, labelled as such', () => {
    const running = state({ state: 'running', info: INFO, epochs: [epoch(1, 0.5)], losses: [{ step: 13, loss: 0.41 }] as MonitorState['losses'] });
    assert.equal(statusText(running), '$(sync~spin) epoch 2/2 · batch loss 0.4100');
  });

  it('once ended it shows the last epoch\'s training-split loss, the same text as the outcome notification', () => {
    const finished = state({ state: 'finished', info: INFO, epochs: [epoch(1, 0.5), epoch(2, 0.00156)], losses: [{ step: 20, loss: 0.00184 }] as MonitorState['losses'] });
    assert.equal(finalLossText(finished), 'loss 0.001560');
    assert.equal(statusText(finished), `$(check) epoch 2/2 · ${finalLossText(finished)}`);
  });
});
