// One list of the worker messages the monitor never hears: the relay drops them and the run's monitor state ignores them.
import * as assert from 'node:assert/strict';
import { emptyMonitorState, WORKER_MESSAGES_FOR_HOST_ONLY, type WorkerToHost } from '../../../src/protocol';
import { applyWorkerMessage } from '../../../src/extension/session/monitorState';
import { toWebviewMessage } from '../../../src/extension/session/relay';

/** A message of each type the monitor hears (its payload as small as the type allows). */
const HEARD: WorkerToHost[] = [
  { type: 'state', state: 'paused' },
  { type: 'progress', epoch: 0, step: 1, points: [{ step: 1, loss: 0.5 }] },
  { type: 'finished', reason: 'completed', model: {}, metrics: [] },
  { type: 'failed', message: 'boom' },
];

describe('worker messages for the host only', () => {
  for (const type of WORKER_MESSAGES_FOR_HOST_ONLY) {
    it(`'${type}' is neither relayed to the monitor nor applied to the run's monitor state`, () => {
      const message = { type } as WorkerToHost;
      const state = emptyMonitorState();
      assert.equal(toWebviewMessage(message), null);
      assert.equal(applyWorkerMessage(state, message), false);
      assert.deepEqual(state, emptyMonitorState());
    });
  }

  it('the list holds only those: a state, progress, finished or failed message is relayed and applied', () => {
    for (const message of HEARD) {
      assert.ok(!(WORKER_MESSAGES_FOR_HOST_ONLY as readonly string[]).includes(message.type), message.type);
      assert.notEqual(toWebviewMessage(message), null, message.type);
      assert.equal(applyWorkerMessage(emptyMonitorState(), message), true, message.type);
    }
  });
});
