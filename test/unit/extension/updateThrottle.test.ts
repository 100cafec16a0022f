// The webview update throttle: merged progress, latest snapshot only, ordered events kept, at most `rate` flushes/s.
import * as assert from 'node:assert/strict';
import type { HostToWebview, Snapshot } from '../../../src/protocol';
import { UpdateThrottle } from '../../../src/extension/session/updateThrottle';
import { ManualTimers as FakeTimers } from './fixtures/scriptedWorker';


const snapshot = (step: number): Snapshot => ({ step, epoch: 0, layers: [] });

describe('UpdateThrottle', () => {
  let timers: FakeTimers, flushes: { at: number; messages: HostToWebview[] }[], throttle: UpdateThrottle;
  beforeEach(() => {
    timers = new FakeTimers();
    flushes = [];
    throttle = new UpdateThrottle((messages) => flushes.push({ at: timers.now(), messages }), 10, timers);
  });

  it('coalesces a burst into one flush: ordered events, then all progress points merged, then only the latest snapshot', () => {
    throttle.push({ type: 'runState', state: 'running' });
    for (let i = 1; i <= 100; i++) {
      throttle.push({ type: 'progress', points: [{ step: i, loss: 1 / i }] });
      if (i % 10 === 0) throttle.push({ type: 'snapshot', snapshot: snapshot(i) });
    }
    throttle.push({ type: 'epoch', metrics: { epoch: 1, step: 100, loss: 0.1, accuracy: null, testLoss: null, testAccuracy: null, seconds: 1 } });
    timers.advance(1000);
    assert.equal(flushes.length, 1);
    const types = flushes[0].messages.map((m) => m.type);
    assert.deepEqual(types, ['runState', 'epoch', 'progress', 'snapshot']);
    const progress = flushes[0].messages[2] as Extract<HostToWebview, { type: 'progress' }>;
    assert.deepEqual(progress.points.map((p) => p.step), Array.from({ length: 100 }, (_, i) => i + 1));
    assert.equal((flushes[0].messages[3] as Extract<HostToWebview, { type: 'snapshot' }>).snapshot.step, 100);
  });

  it('never flushes more often than the rate, however fast messages arrive', () => {
    for (let t = 0; t < 2000; t += 5) {
      throttle.push({ type: 'progress', points: [{ step: t, loss: 1 }] });
      timers.advance(5);
    }
    timers.advance(200);
    const gaps = flushes.slice(1).map((f, i) => f.at - flushes[i].at);
    assert.ok(gaps.every((g) => g >= 100), `gaps ${gaps}`);
    assert.ok(flushes.length >= 19 && flushes.length <= 21, `${flushes.length} flushes in 2 s at 10/s`);
    assert.equal(flushes.flatMap((f) => f.messages).flatMap((m) => (m.type === 'progress' ? m.points : [])).length, 400, 'no point lost');
  });

  it('flush() delivers at once and cancels the pending timer; dispose() drops everything', () => {
    throttle.push({ type: 'progress', points: [{ step: 1, loss: 1 }] });
    throttle.flush();
    assert.equal(flushes.length, 1);
    timers.advance(1000);
    assert.equal(flushes.length, 1, 'no second, empty flush');
    throttle.push({ type: 'progress', points: [{ step: 2, loss: 1 }] });
    throttle.dispose();
    timers.advance(1000);
    assert.equal(flushes.length, 1);
  });
});
