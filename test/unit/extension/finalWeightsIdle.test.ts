// The final-weights copy's idle timer runs only between answers: a copy whose data loads slowly answers its first
// request, and a copy nobody asks anything stops IDLE_MS after its last answer (a scripted worker, a manual clock).
import * as assert from 'node:assert/strict';
import { FinalWeightsExplainer, type FinalWeights } from '../../../src/extension/session/finalWeights';
import type { SessionHost, WorkerLike } from '../../../src/extension/session/runSession';
import type { TimerApi } from '../../../src/extension/session/updateThrottle';
import type { ExplainTarget, HostToWorker, RunOptions, WorkerToHost } from '../../../src/protocol';

/** Manual clock: timers fire only when advance() passes their time. */
class ManualTimers implements TimerApi {
  time = 0;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;
  setTimeout(callback: () => void, ms: number): unknown { const id = this.nextId++; this.timers.push({ at: this.time + ms, callback, id }); return id; }
  clearTimeout(handle: unknown): void { this.timers = this.timers.filter((t) => t.id !== handle); }
  now(): number { return this.time; }
  advance(ms: number): void {
    const end = this.time + ms;
    for (let due = this.nextDue(end); due; due = this.nextDue(end)) {
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.callback();
    }
    this.time = end;
  }
  private nextDue(end: number) { return this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0]; }
}

/** A worker that answers explain requests only when the test says, and stop at once; it records what it was sent. */
class ScriptedWorker implements WorkerLike {
  readonly received: HostToWorker[] = [];
  private onMessage: (message: WorkerToHost) => void = () => undefined;
  postMessage(message: HostToWorker): void {
    this.received.push(message);
    if (message.type === 'stop') queueMicrotask(() => this.onMessage({ type: 'finished', reason: 'stopped', model: {}, metrics: [] }));
  }
  on(event: string, listener: (value: never) => void): this {
    if (event === 'message') this.onMessage = listener as (message: WorkerToHost) => void;
    return this;
  }
  async terminate(): Promise<number> { return 0; }
  /** Answers the pending explain request(s). */
  answer(): void {
    for (const m of this.received) if (m.type === 'explain') this.onMessage({ type: 'explanation', requestId: m.requestId, layer: m.layer, unit: m.unit, column: m.column, step: 1, sample: 0, explanation: null });
  }
  get stopped(): boolean { return this.received.some((m) => m.type === 'stop'); }
}

const OPTIONS: RunOptions = { snapshotEvery: 10, gradCheckEachEpoch: false, includeWeightGradients: false };
const WEIGHTS: FinalWeights = { key: 'run-1', specUri: 'file:///x.nn.json', specPath: '/tmp/x.nn.json', specText: '{}', model: { trainedSteps: 40 } };
const TARGET: ExplainTarget = { layer: 1, unit: 0, column: 0 };
const IDLE_MS = 1000;

describe('FinalWeightsExplainer: the idle timer', () => {
  let timers: ManualTimers, workers: ScriptedWorker[], explainer: FinalWeightsExplainer;
  beforeEach(() => {
    timers = new ManualTimers();
    workers = [];
    const quiet = () => undefined;
    const host: SessionHost = {
      createWorker: () => { const w = new ScriptedWorker(); workers.push(w); return w; },
      log: { info: quiet, warn: quiet, error: quiet },
      saveRun: async () => 'memory://run',
      updateRate: () => 10,
      timers,
    };
    explainer = new FinalWeightsExplainer(host, IDLE_MS);
  });
  afterEach(() => explainer.dispose());

  it('does not stop a copy while its first answer is pending (its data set loads slowly)', async () => {
    const answer = explainer.explain(WEIGHTS, TARGET, OPTIONS);
    timers.advance(10 * IDLE_MS);
    assert.equal(workers[0].stopped, false, 'the copy was stopped mid-request');
    workers[0].answer();
    assert.equal((await answer).step, 41, 'the answer came, its step counting on from the run');
  });

  it('stops the copy IDLE_MS after its last answer, not before', async () => {
    const first = explainer.explain(WEIGHTS, TARGET, OPTIONS);
    timers.advance(IDLE_MS / 2);
    workers[0].answer();
    await first;
    timers.advance(IDLE_MS - 1);
    assert.equal(workers[0].stopped, false, 'stopped before IDLE_MS had passed since the answer');
    timers.advance(1);
    assert.equal(workers[0].stopped, true, 'still running IDLE_MS after the answer');
  });

  it('a later request about the same run is served by the same copy and restarts the wait after its answer', async () => {
    const first = explainer.explain(WEIGHTS, TARGET, OPTIONS);
    workers[0].answer();
    await first;
    timers.advance(IDLE_MS - 1);
    const second = explainer.explain(WEIGHTS, TARGET, OPTIONS);
    timers.advance(10 * IDLE_MS);
    assert.equal(workers[0].stopped, false, 'stopped while the second request was pending');
    workers[0].answer();
    await second;
    assert.equal(workers.length, 1, 'one copy');
    timers.advance(IDLE_MS);
    assert.equal(workers[0].stopped, true);
  });
});
