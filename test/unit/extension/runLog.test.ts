// The output channel logs every epoch of a short run (even one the host heard only twice) and a bounded, evenly spaced
// subset of a long one, in order, saying so.
import * as assert from 'node:assert/strict';
import { logSession, MAX_EPOCH_LINES } from '../../../src/extension/ui/runLog';
import { Emitter } from '../../../src/extension/session/emitter';
import type { RunSession } from '../../../src/extension/session';
import type { EpochMetrics, RunInfo, WorkerToHost } from '../../../src/protocol';

function replay(epochs: number, heardLive: number[]): string[] {
  const lines: string[] = [];
  const messages = new Emitter<WorkerToHost>();
  const info = { epochs, layers: [], trainCount: 178, stepsPerEpoch: 12 } as unknown as RunInfo;
  const session = { name: 'wine', onWorkerMessage: messages.event, getMonitorState: () => ({ info }) } as unknown as RunSession;
  const log = { info: (m: string) => lines.push(m), warn: () => undefined, error: () => undefined, debug: () => undefined };
  logSession(session, log as never);
  const row = (epoch: number): EpochMetrics => ({ epoch, step: 12 * epoch, loss: 1 / epoch, accuracy: null, testLoss: null, testAccuracy: null, seconds: 0 });
  messages.fire({ type: 'started', info });
  for (const e of heardLive) messages.fire({ type: 'epoch', metrics: row(e) });
  messages.fire({ type: 'finished', reason: 'completed', model: null, metrics: Array.from({ length: epochs }, (_, i) => row(i + 1)) });
  return lines;
}

const epochNumbers = (lines: string[]) => lines.flatMap((l) => /\] epoch (\d+)\//.exec(l)?.[1] ?? []).map(Number);

describe('output channel: epoch lines', () => {
  it('logs all 100 epochs of a run the host heard only at epochs 53 and 100, in order', () => {
    const lines = replay(100, [53, 100]);
    assert.deepEqual(epochNumbers(lines), Array.from({ length: 100 }, (_, i) => i + 1));
    assert.match(lines[0], /logging every epoch/);
  });

  it('logs a bounded, evenly spaced subset of a 100,000-epoch run and says so', () => {
    const lines = replay(100_000, [1, 2, 500, 501, 1000]);
    const logged = epochNumbers(lines);
    assert.ok(logged.length <= MAX_EPOCH_LINES + 1, `${logged.length} lines`);
    assert.deepEqual(logged.slice(0, 3), [1, 500, 1000]);
    assert.equal(logged.at(-1), 100_000);
    assert.ok(logged.every((e, i) => i === 0 || e > logged[i - 1]), 'in order');
    assert.match(lines[0], /every 500th of 100000 epochs/);
  });

  it('logs each pause and resume with the step it happened at; other state changes only at debug level', () => {
    const lines: string[] = [], debug: string[] = [];
    const messages = new Emitter<WorkerToHost>();
    const session = { name: 'wine', onWorkerMessage: messages.event, getMonitorState: () => ({ info: null }) } as unknown as RunSession;
    logSession(session, { info: (m: string) => lines.push(m), warn: () => undefined, error: () => undefined, debug: (m: string) => debug.push(m) } as never);
    messages.fire({ type: 'state', state: 'running' });
    messages.fire({ type: 'progress', epoch: 3, step: 36, points: [] });
    messages.fire({ type: 'state', state: 'paused' });
    messages.fire({ type: 'progress', epoch: 3, step: 37, points: [] });
    messages.fire({ type: 'state', state: 'running' });
    assert.deepEqual(lines, ['[wine] paused at step 36', '[wine] resumed at step 37']);
    assert.deepEqual(debug, ['[wine] running']);
  });
});
