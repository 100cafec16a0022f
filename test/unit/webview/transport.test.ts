// The webview's transport: every host message type the protocol has reaches the webview (alone or in a batch);
// anything else is dropped. 'explanation' was once missing here, so the Explain pane never got its answers.
import * as assert from 'node:assert/strict';
import type { HostToWebview } from '../../../src/protocol';
import { installDom } from './domEnvironment';

const EVERY_TYPE: HostToWebview['type'][] = ['fullState', 'started', 'runState', 'progress', 'epoch', 'snapshot', 'gradcheck', 'record', 'frame', 'explanation', 'explainRequested', 'compare'];

describe('webview transport', () => {
  let dom: ReturnType<typeof installDom>;
  before(() => {
    dom = installDom();
    (globalThis as Record<string, unknown>).acquireVsCodeApi = () => ({ postMessage: () => undefined, getState: () => undefined, setState: () => undefined });
  });
  after(() => { delete (globalThis as Record<string, unknown>).acquireVsCodeApi; dom.uninstall(); });

  it('delivers every protocol message type, alone and unpacked from a batch, and drops unknown ones', async () => {
    const { vscodeTransport } = await import('../../../media/lib/transport');
    const received: string[] = [];
    vscodeTransport().onMessage((message) => received.push(message.type));
    const send = (data: unknown) => window.dispatchEvent(new MessageEvent('message', { data }));
    for (const type of EVERY_TYPE) send({ type });
    send({ type: 'batch', messages: EVERY_TYPE.map((type) => ({ type })).concat([{ type: 'nonsense' as HostToWebview['type'] }]) });
    send({ type: 'nonsense' });
    send(null);
    assert.deepEqual(received, [...EVERY_TYPE, ...EVERY_TYPE]);
  });
});
