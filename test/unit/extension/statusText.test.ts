// The status bar's text and tooltip (pure): a refused run says so, a paused run says "paused" (and at which step);
// the final loss is the one the outcome notification shows.
import * as assert from 'node:assert/strict';
import type { EpochMetrics, MonitorState, RunInfo } from '../../../src/protocol';
import { emptyMonitorState } from '../../../src/extension/session/monitorState';
import { finalLossText, statusText, statusTooltip } from '../../../src/extension/ui/statusText';

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

  it('a paused run says "paused" in words (not only the pause icon), and its tooltip the step it paused at', () => {
    const paused = state({ state: 'paused', info: INFO, epochs: [epoch(1, 0.5)], losses: [{ step: 12, loss: 0.43 }, { step: 13, loss: 0.41 }] as MonitorState['losses'] });
    assert.equal(statusText(paused), '$(debug-pause) paused · epoch 2/2 · batch loss 0.4100');
    assert.match(statusTooltip(paused, 'xor.nn.json'), /^Backprop Lens: xor\.nn\.json paused at step 13\. /);
  });

  it('a run paused before its first step (Step from the start) says step 0', () => {
    const atStart = state({ state: 'paused', info: INFO });
    assert.equal(statusText(atStart), '$(debug-pause) paused · epoch 1/2');
    assert.match(statusTooltip(atStart, 'xor.nn.json'), /paused at step 0\. /);
  });

  it('the tooltip of a running run names its state; of a refused run, the reason and what a click does', () => {
    const running = state({ state: 'running', info: INFO, losses: [{ step: 13, loss: 0.41 }] as MonitorState['losses'] });
    assert.match(statusTooltip(running, 'xor.nn.json'), /^Backprop Lens: xor\.nn\.json \(running\)\. Loss: the last mini-batch's/);
    const refused = state({ state: 'failed', message: 'over the memory budget' });
    assert.equal(statusTooltip(refused, 'xor.nn.json'), 'Backprop Lens: xor.nn.json was not started: over the memory budget. Click to open the spec.');
  });
});
