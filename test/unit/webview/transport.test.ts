// The real webview transport (acquireVsCodeApi + window 'message'): every host message type the protocol defines
// reaches the app, alone and inside a batch. The Explain pane's 'explanation' was once dropped here, so in the real
// workbench the pane waited forever while every unit test (with a fake transport) passed.
import * as assert from 'node:assert/strict';
import type { HostToWebview } from '../../../src/protocol';
import { installDom } from './domEnvironment';

/** One message of each HostToWebview type (contents do not matter to the transport). */
const ONE_OF_EACH: Record<HostToWebview['type'], HostToWebview> = {
  fullState: { type: 'fullState' } as HostToWebview,
  started: { type: 'started' } as HostToWebview,
  runState: { type: 'runState', state: 'paused' },
  progress: { type: 'progress', points: [] },
  epoch: { type: 'epoch' } as HostToWebview,
  snapshot: { type: 'snapshot' } as HostToWebview,
  codedSnapshot: { type: 'codedSnapshot' } as HostToWebview,
  gradcheck: { type: 'gradcheck' } as HostToWebview,
  record: { type: 'record' } as HostToWebview,
  recordDelta: { type: 'recordDelta' } as HostToWebview,
  frame: { type: 'frame', step: 3, frame: null },
  explanation: { type: 'explanation', layer: 1, unit: 0, column: 0, step: 1, sample: 0, explanation: null, error: 'x' },
  explainRequested: { type: 'explainRequested', target: { layer: 1, unit: 0, column: 0 } },
  compare: { type: 'compare', runs: [] },
};

describe('webview transport (acquireVsCodeApi)', () => {
  let dom: ReturnType<typeof installDom>;
  before(() => {
    dom = installDom();
    (globalThis as Record<string, unknown>).acquireVsCodeApi = () => ({ postMessage: () => undefined, getState: () => undefined, setState: () => undefined });
  });
  after(() => {
    delete (globalThis as Record<string, unknown>).acquireVsCodeApi;
    dom.uninstall();
  });

  it('delivers every host message type, alone and in a batch, and drops unknown ones', async () => {
    const { vscodeTransport } = await import('../../../media/lib/transport');
    const received: string[] = [];
    vscodeTransport().onMessage((m) => received.push(m.type));
    const send = (data: unknown) => window.dispatchEvent(new MessageEvent('message', { data }));
    for (const message of Object.values(ONE_OF_EACH)) send(message);
    send({ type: 'batch', messages: [ONE_OF_EACH.explanation, { type: 'fromTheFuture' }, ONE_OF_EACH.frame] });
    send({ type: 'fromTheFuture' });
    assert.deepEqual(received, [...Object.keys(ONE_OF_EACH), 'explanation', 'frame']);
  });
});
