// The δ record does not depend on how fast the machine is: the same spec and seed trained by the worker's loop under
// a fast clock and under a slow, jittery one (a busy machine) give the same recorded steps and values, record and frames.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Frame, RunRecord, WorkerToHost } from '../../../src/protocol';
import { TrainingLoop } from '../../../src/worker/trainingLoop';
import { nodeWorkerPlatform } from '../../../src/worker/nodePlatform';
import { OPTIONS, specText } from './helpers';

/** 2-D xor (decision boundaries in frames), 30 steps per epoch × 40 epochs: 1,200 planned steps, more than 1,000. */
const SPEC = specText({
  data: { builtin: 'xor', samples: 400, testFraction: 0.25 },
  layers: [{ units: 2 }, { units: 8, activation: 'tanh' }, { units: 8, activation: 'tanh' }, { units: 2, activation: 'softmax' }],
  training: { epochs: 40, batchSize: 10 },
});

/** Runs SPEC to its end with `tick()` ms between clock readings; the last record and the frames handed over at the end. */
function recordedRun(tick: () => number): { record: RunRecord; frames: Frame[] } {
  const messages: WorkerToHost[] = [], queue: (() => void)[] = [];
  let time = 0;
  const loop = new TrainingLoop({ post: (m) => messages.push(m) }, () => (time += tick()), (next) => queue.push(next), nodeWorkerPlatform);
  loop.handle({ type: 'start', runId: 't', specPath: join(__dirname, 'spec.nn.json'), specText: SPEC, options: OPTIONS });
  for (let next = queue.shift(); next; next = queue.shift()) next();
  const records = messages.flatMap((m) => (m.type === 'record' ? [m.record] : []));
  const frames = messages.flatMap((m) => (m.type === 'frames' ? [m.frames] : []));
  assert.ok(records.length > 0 && frames.length === 1, `messages: ${[...new Set(messages.map((m) => m.type))].join(', ')}`);
  return { record: records[records.length - 1], frames: frames[0] };
}

/** A seeded jitter of 0–20 ms per reading: a machine whose captures and steps take far longer, unevenly. */
function jitteryClock(): () => number {
  let state = 12345;
  return () => { state = (state * 1103515245 + 12345) % 2 ** 31; return (20 * state) / 2 ** 31; };
}

describe('δ record: the same spec and seed record the same steps and values on a busy or an idle machine', () => {
  it('a fast clock and a slow, jittery clock give identical records and frames', () => {
    const idle = recordedRun(() => 0.001);
    const busy = recordedRun(jitteryClock());
    assert.ok(idle.record.layers[0].deltaNorm.count.reduce((a, b) => a + b, 0) >= 100, 'at least 100 recorded steps');
    assert.ok(idle.frames.some((f) => f.boundary), 'some frame carries a decision boundary');
    assert.equal(busy.record.stride, idle.record.stride, 'stride');
    assert.deepEqual(busy.record.frameSteps, idle.record.frameSteps, 'frame steps');
    assert.deepEqual(busy.frames.map((f) => [f.step, Boolean(f.boundary)]), idle.frames.map((f) => [f.step, Boolean(f.boundary)]), 'frames and which carry a boundary');
    assert.deepEqual(busy.record, idle.record, 'record values');
    assert.deepEqual(busy.frames, idle.frames, 'frame values');
  });
});
