// The monitor gets the record as deltas: the webview's copy built from them equals the host's record, value for value,
// over any sequence of appends and pairwise merges (fast-check), and no delta repeats a bucket the webview holds.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { HostToWebview, MonitorState, RunRecord } from '../../../src/protocol';
import { RunRecorder, type LayerStep } from '../../../src/engine/record/recorder';
import { FrameStore } from '../../../src/engine/record/cadence';
import { WebviewCopy } from '../../../src/extension/monitor/webviewCopy';
import { emptyMonitorState, reduce } from '../../../media/lib/state';

const UNITS = [3, 2];
type Op = { kind: 'loss'; v: number } | { kind: 'layers'; v: number } | { kind: 'epoch'; v: number; test: boolean } | { kind: 'send' };
const value = fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.constant(Number.NaN), fc.constant(0));
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('loss' as const), v: value }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('layers' as const), v: value }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('epoch' as const), v: value, test: fc.boolean() }), weight: 2 },
  { arbitrary: fc.constant({ kind: 'send' as const }), weight: 2 },
);

function layerSteps(v: number): LayerStep[] {
  return UNITS.map((u, l) => ({ deltaNorm: v + l, deadShare: 0.5, saturatedShare: v, gradNorm: 2 * v, weightNorm: 1, updateRatio: v / 3, deltaMean: Float32Array.from({ length: u }, (_, j) => v * (j + 1)) }));
}

/** A small run (capacity 4 buckets, 4 map columns: merges come often): every record the host would send. */
function recordsOf(ops: Op[], capacity: number): RunRecord[] {
  const recorder = new RunRecorder(UNITS, capacity, capacity);
  const frames = new FrameStore<{ step: number }>(2, 3, 40);
  let step = 0, epoch = 0;
  const sent: RunRecord[] = [];
  for (const o of ops) {
    if (o.kind === 'loss') recorder.addLoss(++step, o.v);
    else if (o.kind === 'layers') { recorder.addLayers(step, layerSteps(o.v)); frames.add({ step }); }
    else if (o.kind === 'epoch') recorder.addEpoch(++epoch, { loss: o.v, accuracy: 0.5, testLoss: o.test ? o.v / 2 : null, testAccuracy: null });
    else sent.push(recorder.toRecord(1 + (step % 3), frames.steps()));
  }
  sent.push(recorder.toRecord(1, frames.steps()));
  return sent;
}

/** The webview's state after the host sent `records` through a WebviewCopy (a fullState without record first). */
function webviewAfter(records: RunRecord[]): { state: MonitorState; messages: HostToWebview[] } {
  const copy = new WebviewCopy();
  const messages: HostToWebview[] = [];
  let state = reduce(emptyMonitorState(), copy.outgoing({ type: 'fullState', state: emptyMonitorState() }, 0)!);
  for (const record of records) {
    const message = copy.outgoing({ type: 'record', record }, 0);
    if (message) { messages.push(message); state = reduce(state, message); }
  }
  return { state, messages };
}

describe('monitor: the record as deltas', () => {
  it('the webview copy built from deltas equals the record built whole (fast-check: appends, merges, NaN, frames)', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 120 }), fc.integer({ min: 2, max: 6 }), (ops, capacity) => {
      const records = recordsOf(ops, capacity);
      const { state, messages } = webviewAfter(records);
      const whole = reduce(emptyMonitorState(), { type: 'record', record: records.at(-1)! });
      assert.deepStrictEqual(state.record, whole.record);
      assert.equal(messages[0].type, 'record', 'the first record goes whole');
      assert.ok(messages.slice(1).every((m) => m.type === 'recordDelta'), 'later ones as deltas');
    }), { numRuns: 300 });
  });

  it('a delta carries only the buckets that changed: one new loss value is one bucket, an unchanged record nothing', () => {
    const recorder = new RunRecorder(UNITS, 2000, 500);
    for (let s = 1; s <= 100; s++) { recorder.addLoss(s, 1 / s); recorder.addLayers(s, layerSteps(s)); }
    const before = recorder.toRecord(1, [10, 20]);
    recorder.addLoss(101, 0.5);
    const { messages } = webviewAfter([before, recorder.toRecord(1, [10, 20]), recorder.toRecord(1, [10, 20])]);
    assert.equal(messages.length, 2, 'the same record again sends nothing');
    const delta = (messages[1] as Extract<HostToWebview, { type: 'recordDelta' }>).delta;
    assert.deepEqual([delta.loss?.from, delta.loss?.last.length], [100, 1]);
    assert.deepEqual(delta.layers, [{}, {}], 'layers did not change');
    assert.deepEqual([delta.epochs, delta.frameSteps], [{}, undefined]);
  });

  it('across a pairwise merge a series goes as the merged means alone (4 bytes a bucket), not the whole series again', () => {
    const recorder = new RunRecorder(UNITS, 2000, 500);
    for (let s = 1; s <= 2000; s++) recorder.addLayers(s, layerSteps(Math.sin(s)));
    const full = recorder.toRecord(1, []);
    recorder.addLayers(2001, layerSteps(0.25)); // the 2001st value: 2000 buckets merge into 1000, then one more
    const next = recorder.toRecord(1, []);
    const { state, messages } = webviewAfter([full, next]);
    const tail = (messages[1] as Extract<HostToWebview, { type: 'recordDelta' }>).delta.layers[0].deltaNorm!;
    assert.equal(tail.merged?.length, 1000, 'the merged buckets as means');
    assert.deepEqual([tail.from, tail.last.length], [1000, 1], 'then the one new bucket whole');
    assert.deepStrictEqual(state.record, reduce(emptyMonitorState(), { type: 'record', record: next }).record);
  });

  it('across several merges between two sends the merged means go in groups of 2^k; series recorded at the same steps send their steps once', () => {
    const recorder = new RunRecorder(UNITS, 2000, 500);
    for (let s = 1; s <= 2000; s++) recorder.addLayers(s, layerSteps(Math.cos(s)));
    const full = recorder.toRecord(1, []);
    for (let s = 2001; s <= 4001; s++) recorder.addLayers(s, layerSteps(Math.cos(s))); // two merges: width 1 → 4
    const next = recorder.toRecord(1, []);
    const { state, messages } = webviewAfter([full, next]);
    const delta = (messages[1] as Extract<HostToWebview, { type: 'recordDelta' }>).delta;
    const norm = delta.layers[0].deltaNorm!, share = delta.layers[1].deadShare!;
    assert.deepEqual([norm.merged?.length, norm.factor, norm.from, norm.last.length], [500, 4, 500, 501], 'the held 2000 as 500 groups of 4, then the 501 buckets of the new values');
    assert.equal(norm.stepsOf, undefined);
    assert.deepEqual([share.stepsOf, share.first.length, share.last.length, share.count.length, share.mean.length], [1, 0, 0, 0, 501], 'steps as those of tail 1 (layer 1 ‖δ‖)');
    assert.deepStrictEqual(state.record, reduce(emptyMonitorState(), { type: 'record', record: next }).record);
  });
});
