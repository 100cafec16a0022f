import * as assert from 'node:assert/strict';
import type { ControlAction, HostToWebview, MonitorPost, MonitorState, RunRecord, Snapshot } from '../../../src/protocol';
import { Emitter } from '../../../src/extension/session/emitter';
import type { TimerApi } from '../../../src/extension/session/updateThrottle';
import { MAX_POSTS_PER_SECOND, PANEL_CONNECTION, RECORD_EVERY_MS, SIDE_VIEW_CONNECTION, WebviewConnection, type ConnectionObserver, type ConnectionOptions, type MonitorSessions } from '../../../src/extension/monitor/webviewConnection';
import { emptyMonitorState, reduceAll } from '../../../media/lib/state';
import { RunRecorder } from '../../../src/engine/record/recorder';
import { SNAPSHOT_BYTES_PER_SECOND } from '../../../src/extension/monitor/webviewCopy';
import { wireBytes } from '../../../src/extension/monitor/wireBytes';
import { contentSecurityPolicy, webviewHtml } from '../../../src/extension/monitor/webviewHtml';

/** A clock the test advances by hand. */
class ManualClock implements TimerApi {
  time = 0;
  private timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;
  now = (): number => this.time;
  setTimeout = (callback: () => void, ms: number): unknown => { const id = this.nextId++; this.timers.set(id, { at: this.time + ms, callback }); return id; };
  clearTimeout = (handle: unknown): void => { this.timers.delete(handle as number); };
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = end;
  }
}

function setup(options: ConnectionOptions = PANEL_CONNECTION) {
  const clock = new ManualClock();
  const posts: { at: number; message: MonitorPost }[] = [];
  const fromWebview = new Emitter<unknown>();
  const updates = new Emitter<HostToWebview>();
  const sessionChanged = new Emitter<unknown>();
  const calls: string[] = [];
  let monitorState: MonitorState = { ...emptyMonitorState(), state: 'running' };
  const sessions: MonitorSessions = {
    onWebviewMessage: updates.event, onDidChangeSession: sessionChanged.event, getMonitorState: () => monitorState,
    control: async (action: ControlAction) => { calls.push(`control:${action}`); },
    setLearningRate: (lr) => { calls.push(`lr:${lr}`); },
    revealLayer: async (layer) => { calls.push(`reveal:${layer}`); },
    setWeightGradients: (enabled) => { calls.push(`dW:${enabled}`); },
    requestFrame: async (step) => { calls.push(`frame:${step}`); return { step: Math.min(step, 40), epoch: 1, layers: [] }; },
    explain: async (t) => { calls.push(`explain:${t.layer}:${t.unit}:${t.column}`); return { ...t, step: 3, sample: 5, explanation: null, error: 'paused?' }; },
  };
  const errors: string[] = [];
  const observer: ConnectionObserver = { posted: () => undefined, frameStats: () => undefined, stateAck: () => undefined, error: (m) => errors.push(m) };
  const port = { postMessage: async (message: MonitorPost) => { posts.push({ at: clock.time, message }); return true; }, onDidReceiveMessage: fromWebview.event };
  const connection = new WebviewConnection(port, sessions, observer, clock, options);
  return { clock, posts, fromWebview, updates, sessionChanged, calls, errors, connection, setState: (s: MonitorState) => { monitorState = s; } };
}

const progress = (step: number): HostToWebview => ({ type: 'progress', points: [{ step, loss: 1 / step }] });
const snapshot = (step: number): HostToWebview => ({ type: 'snapshot', snapshot: { step, epoch: 0, layers: [] } });

const record = (lastStep: number): HostToWebview => ({ type: 'record', record: { lastStep } as unknown as RunRecord });
const bigSnapshot = (step: number): HostToWebview => ({ type: 'snapshot', snapshot: { step, epoch: 0, health: [], boundary: { size: 2, values: new Float32Array(4) } as never, layers: [{
  layer: 1, units: 4, batchSize: 16, fanIn: 2, delta: new Float32Array(64), sigmaPrime: new Float32Array(64), upstream: new Float32Array(64), dW: new Float32Array(8),
  deltaMean: new Float32Array(4), deltaNorm: 0.5, deadShare: 0.25, saturatedShare: 0,
}] } });
/** A 64-unit layer's batch of 32: 24 KiB of δ, σ′ and upstream. */
const heavySnapshot = (step: number): HostToWebview => {
  const { snapshot } = bigSnapshot(step) as { snapshot: Snapshot };
  const matrix = () => new Float32Array(64 * 32);
  return { type: 'snapshot', snapshot: { ...snapshot, layers: [{ ...snapshot.layers[0], units: 64, batchSize: 32, delta: matrix(), sigmaPrime: matrix(), upstream: matrix() }] } };
};
/** A snapshot as a training run's panel gets it (coded) or a paused one's (exact). */
const isSnapshot = (m: HostToWebview): boolean => m.type === 'snapshot' || m.type === 'codedSnapshot';
const batchesOf = (posts: { at: number; message: MonitorPost }[]) => posts.flatMap((p) => (p.message.type === 'batch' ? [{ at: p.at, messages: p.message.messages }] : []));

describe('monitor webview connection (host side)', () => {
  it(`sends the step record at most every ${RECORD_EVERY_MS} ms: whole once, then what changed; the newest one, and the last one in the end`, () => {
    const t = setup();
    t.fromWebview.fire({ type: 'ready' });
    const recorder = new RunRecorder([2]);
    for (let ms = 0; ms < 3000; ms += 50) { // a record every 50 ms beside progress and snapshots
      recorder.addLoss(ms + 1, 1 / (ms + 1));
      t.updates.fire(progress(ms + 1));
      t.updates.fire(snapshot(ms + 1));
      t.updates.fire({ type: 'record', record: recorder.toRecord(1, []) });
      t.clock.advance(50);
    }
    t.clock.advance(2 * RECORD_EVERY_MS);
    const isRecord = (m: HostToWebview) => m.type === 'record' || m.type === 'recordDelta';
    const sent = batchesOf(t.posts).flatMap((b) => b.messages.filter(isRecord).map(() => b.at));
    assert.ok(sent.length >= 3 && sent.length <= 4, `records sent at ${sent}`);
    assert.ok(sent.slice(1).every((at, i) => at - sent[i] >= RECORD_EVERY_MS), `records sent at ${sent}`);
    const records = batchesOf(t.posts).flatMap((b) => b.messages).filter(isRecord);
    assert.deepEqual(records.map((m) => m.type), ['record', ...records.slice(1).map(() => 'recordDelta')]);
    const webview = reduceAll(emptyMonitorState(), t.posts.flatMap((p) => (p.message.type === 'batch' ? p.message.messages : [p.message])));
    assert.equal(webview.record?.lastStep, 2951, 'the newest record arrives once its interval has passed');
    assert.deepStrictEqual(webview.record, recorder.toRecord(1, []));
    const snapshotBatches = batchesOf(t.posts).filter((b) => b.messages.some(isSnapshot));
    assert.ok(snapshotBatches.length >= 40, `a pending record must not hold snapshots back: ${snapshotBatches.length} batches with one`);
  });

  it(`keeps a training run's snapshots within ${SNAPSHOT_BYTES_PER_SECOND / 1000} kB/s (the latest wins); a paused run's snapshot goes at once, and so does progress`, () => {
    const t = setup();
    t.fromWebview.fire({ type: 'ready' });
    const size = wireBytes(heavySnapshot(1));
    for (let ms = 0; ms < 10_000; ms += 100) { // the worker's 10 snapshots a second
      t.updates.fire(heavySnapshot(ms + 1));
      t.updates.fire(progress(ms + 1));
      t.clock.advance(100);
    }
    const messages = batchesOf(t.posts).flatMap((b) => b.messages);
    const snapshots = messages.filter(isSnapshot);
    assert.ok(snapshots.length * size <= 10 * SNAPSHOT_BYTES_PER_SECOND + size, `${snapshots.length} snapshots of ${size} bytes in 10 s`);
    assert.ok(snapshots.length >= (8 * SNAPSHOT_BYTES_PER_SECOND) / size, `only ${snapshots.length} snapshots of ${size} bytes in 10 s`);
    assert.equal(messages.filter((m) => m.type === 'progress').length, 100, 'progress is not held back');
    t.updates.fire({ type: 'runState', state: 'paused' });
    t.clock.advance(100);
    const before = t.posts.length;
    t.updates.fire(heavySnapshot(20_000));
    t.clock.advance(60);
    assert.equal((batchesOf(t.posts.slice(before))[0]?.messages.find((m) => m.type === 'snapshot') as { snapshot: Snapshot } | undefined)?.snapshot.step, 20_000, 'a stepped snapshot is not held');
  });

  it("sends a training run's batch heatmaps, boundary and ∂E/∂W only while their sections are on screen, as 16-bit codes; one scrolled into view gets the latest at once", () => {
    const t = setup();
    t.fromWebview.fire({ type: 'ready' });
    t.fromWebview.fire({ type: 'visibleSections', sections: ['boundary'] });
    t.updates.fire(bigSnapshot(10));
    t.clock.advance(100);
    const hidden = batchesOf(t.posts).flatMap((b) => b.messages).find(isSnapshot);
    assert.equal(hidden?.type, 'codedSnapshot');
    const coded = (hidden as Extract<HostToWebview, { type: 'codedSnapshot' }>).snapshot;
    assert.deepEqual([coded.layers[0].batch, coded.layers[0].dW, coded.layers[0].deltaNorm], [null, undefined, 0.5], 'off screen: no batch matrices, no ∂E/∂W; the norms stay');
    assert.ok(coded.boundary && !(coded.boundary.values instanceof Float32Array), 'the boundary on screen goes, coded');
    assert.ok(wireBytes(hidden) < wireBytes(bigSnapshot(10)) / 3, `${wireBytes(hidden)} bytes`);

    t.setState({ ...emptyMonitorState(), state: 'running', snapshot: (bigSnapshot(10) as { snapshot: Snapshot }).snapshot });
    const before = t.posts.length;
    t.fromWebview.fire({ type: 'visibleSections', sections: ['batch', 'boundary'] }); // the δ section scrolled into view
    const now = batchesOf(t.posts.slice(before)).flatMap((b) => b.messages).find(isSnapshot) as Extract<HostToWebview, { type: 'codedSnapshot' }> | undefined;
    assert.ok(now, 'the latest snapshot goes at once, not at the next flush');
    assert.ok(now.snapshot.layers[0].batch && now.snapshot.layers[0].batch.delta instanceof Object && !(now.snapshot.layers[0].batch.delta instanceof Float32Array));
    const webview = reduceAll(emptyMonitorState(), batchesOf(t.posts).flatMap((b) => b.messages));
    assert.deepEqual([webview.snapshot!.layers[0].delta.length, webview.snapshot!.coded], [64, true], 'the webview decodes the batch it now shows');

    t.updates.fire({ type: 'runState', state: 'paused' });
    t.fromWebview.fire({ type: 'visibleSections', sections: [] });
    t.clock.advance(100);
    const after = t.posts.length;
    t.updates.fire(bigSnapshot(11));
    t.clock.advance(100);
    const paused = batchesOf(t.posts.slice(after)).flatMap((b) => b.messages).find(isSnapshot);
    assert.equal(paused?.type, 'snapshot', "a paused run's snapshot goes whole and exact, whatever is on screen");
  });

  it('sends the latest snapshot again, whole and exact, when a run ends after a coded one (the Explain pane prints an ended run\'s snapshot)', () => {
    const t = setup();
    t.fromWebview.fire({ type: 'ready' });
    t.fromWebview.fire({ type: 'visibleSections', sections: [] });
    t.updates.fire(bigSnapshot(10));
    t.clock.advance(100);
    assert.ok(batchesOf(t.posts).flatMap((b) => b.messages).some((m) => m.type === 'codedSnapshot'));
    t.setState({ ...emptyMonitorState(), state: 'stopped', snapshot: (bigSnapshot(10) as { snapshot: Snapshot }).snapshot });
    const before = t.posts.length;
    t.updates.fire({ type: 'runState', state: 'stopped' });
    t.clock.advance(100);
    const sent = batchesOf(t.posts.slice(before)).flatMap((b) => b.messages);
    assert.deepEqual(sent.map((m) => m.type), ['runState', 'snapshot']);
    const exact = (sent[1] as { snapshot: Snapshot }).snapshot;
    assert.ok(exact.layers[0].delta instanceof Float32Array && exact.layers[0].delta.length === 64 && !exact.coded);
    t.updates.fire(progress(11));
    t.clock.advance(100);
    assert.equal(batchesOf(t.posts.slice(before)).flatMap((b) => b.messages).filter(isSnapshot).length, 1, 'once');
  });

  it('sends only the newest loss point once the webview draws the loss from a record it holds', () => {
    const t = setup();
    const recorder = new RunRecorder([2]);
    recorder.addLoss(1, 1);
    t.setState({ ...emptyMonitorState(), state: 'running', record: recorder.toRecord(1, []) });
    t.fromWebview.fire({ type: 'ready' });
    t.updates.fire({ type: 'progress', points: [{ step: 2, loss: 0.5 }, { step: 3, loss: 0.4 }, { step: 4, loss: 0.3 }] });
    t.clock.advance(100);
    assert.deepEqual(batchesOf(t.posts)[0].messages, [{ type: 'progress', points: [{ step: 4, loss: 0.3 }] }]);
  });

  it('gives the side view summaries: no record, no frames, snapshots without δ matrices, ∂E/∂W or boundary, at ≤ 4 posts a second', () => {
    const t = setup(SIDE_VIEW_CONNECTION);
    t.setState({ ...emptyMonitorState(), state: 'running', snapshot: (bigSnapshot(3) as { snapshot: Snapshot }).snapshot, record: { lastStep: 3 } as unknown as RunRecord });
    t.fromWebview.fire({ type: 'ready' });
    const full = (t.posts[0].message as { state: MonitorState }).state;
    assert.equal(full.record, null);
    assert.deepEqual([full.snapshot!.layers[0].delta.length, full.snapshot!.layers[0].deltaNorm], [0, 0.5]);
    for (let ms = 0; ms < 2000; ms += 10) {
      t.updates.fire(progress(ms + 1));
      t.updates.fire(bigSnapshot(ms + 1));
      t.updates.fire(record(ms + 1));
      t.clock.advance(10);
    }
    t.clock.advance(1000);
    const batches = batchesOf(t.posts);
    assert.ok(batches.length >= 6 && batches.length <= 13, `${batches.length} posts in 3 s`);
    const messages = batches.flatMap((b) => b.messages);
    assert.equal(messages.filter((m) => m.type === 'record').length, 0);
    const layer = (messages.filter((m) => m.type === 'snapshot').at(-1) as { snapshot: Snapshot }).snapshot.layers[0];
    assert.deepEqual([layer.delta.length, layer.sigmaPrime.length, layer.upstream.length, layer.dW, layer.deltaNorm, layer.deadShare], [0, 0, 0, undefined, 0.5, 0.25]);
    assert.ok(messages.some((m) => m.type === 'progress'), 'the loss still reaches the side view');
  });

  it("sends nothing before 'ready', then the full state", () => {
    const t = setup();
    t.updates.fire(progress(1));
    t.clock.advance(1000);
    assert.equal(t.posts.length, 0);
    t.fromWebview.fire({ type: 'ready' });
    assert.equal(t.posts.length, 1);
    assert.equal(t.posts[0].message.type, 'fullState');
    assert.equal((t.posts[0].message as { state: MonitorState }).state.state, 'running');
  });

  it('posts a 6-layer run\'s record with its typed arrays on one ArrayBuffer (VS Code drops buffers past ~254 per message)', () => {
    const t = setup();
    const recorder = new RunRecorder([16, 16, 16, 16, 16, 1]);
    for (let s = 1; s <= 10; s++) recorder.addLayers(s, Array.from({ length: 6 }, () => ({ deltaNorm: 1, deadShare: 0, saturatedShare: 0, gradNorm: 1, weightNorm: 1, updateRatio: 1, deltaMean: new Float32Array(16) })));
    t.setState({ ...emptyMonitorState(), state: 'finished', record: recorder.toRecord(1, []) });
    t.fromWebview.fire({ type: 'ready' });
    const buffers = new Set<ArrayBufferLike>();
    const visit = (v: unknown): void => { if (ArrayBuffer.isView(v)) buffers.add(v.buffer); else if (v && typeof v === 'object') Object.values(v).forEach(visit); };
    visit(t.posts[0].message);
    assert.equal(buffers.size, 1);
    assert.equal((t.posts[0].message as { state: MonitorState }).state.record!.layers[5].deltaNorm.mean.length, 10);
  });

  it(`coalesces a flood of updates to ≤ ${MAX_POSTS_PER_SECOND} posts a second; merged points, latest snapshot wins`, () => {
    const t = setup();
    t.fromWebview.fire({ type: 'ready' });
    for (let step = 1; step <= 2000; step++) { // 2000 updates a second, one per ms
      t.updates.fire(progress(step));
      if (step % 5 === 0) t.updates.fire(snapshot(step));
      t.clock.advance(1);
    }
    t.clock.advance(100);
    const batches = t.posts.filter((p) => p.message.type === 'batch').map((p) => ({ at: p.at, messages: (p.message as { messages: HostToWebview[] }).messages }));
    for (let second = 0; second < 2; second++) {
      const inSecond = batches.filter((b) => b.at >= second * 1000 && b.at < (second + 1) * 1000).length;
      assert.ok(inSecond <= MAX_POSTS_PER_SECOND, `${inSecond} posts in second ${second}`);
    }
    const points = batches.flatMap((b) => b.messages.flatMap((m) => (m.type === 'progress' ? m.points.map((p) => p.step) : [])));
    assert.deepEqual(points, Array.from({ length: 2000 }, (_, i) => i + 1), 'every loss point arrives once, in order');
    for (const b of batches) assert.ok(b.messages.filter(isSnapshot).length <= 1);
    const lastSnapshot = batches.at(-1)!.messages.find(isSnapshot);
    assert.equal(lastSnapshot?.type === 'codedSnapshot' && lastSnapshot.snapshot.step, 2000);
  });

  it('maps validated controls to the sessions and ignores malformed input', async () => {
    const t = setup();
    t.fromWebview.fire({ type: 'control', action: 'pause' });
    t.fromWebview.fire({ type: 'setLearningRate', learningRate: 0.05 });
    t.fromWebview.fire({ type: 'revealLayer', layer: 2 });
    t.fromWebview.fire({ type: 'setWeightGradients', enabled: true });
    t.fromWebview.fire({ type: 'control', action: 'rm -rf' });
    t.fromWebview.fire({ type: 'setLearningRate', learningRate: -1 });
    t.fromWebview.fire({ type: 'setWeightGradients', enabled: 'yes' });
    t.fromWebview.fire('ready');
    await Promise.resolve();
    assert.deepEqual(t.calls, ['control:pause', 'lr:0.05', 'reveal:2', 'dW:true']);
    assert.equal(t.errors.length, 4);
    assert.equal(t.posts.length, 0);
  });

  it("answers 'requestFrame' with the sessions' frame once live; refuses a negative or fractional step", async () => {
    const t = setup();
    t.fromWebview.fire({ type: 'ready' });
    t.fromWebview.fire({ type: 'requestFrame', step: 57 });
    t.fromWebview.fire({ type: 'requestFrame', step: -1 });
    t.fromWebview.fire({ type: 'requestFrame', step: 2.5 });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(t.calls, ['frame:57']);
    assert.equal(t.errors.length, 2);
    const answer = t.posts.map((p) => p.message).find((m) => m.type === 'frame');
    assert.deepEqual(answer, { type: 'frame', step: 57, frame: { step: 40, epoch: 1, layers: [] } });
  });

  it("answers 'explain' with the sessions' explanation once live; refuses a layer 0 or a fractional column", async () => {
    const t = setup();
    t.fromWebview.fire({ type: 'ready' });
    t.fromWebview.fire({ type: 'explain', layer: 2, unit: 1, column: 5 });
    t.fromWebview.fire({ type: 'explain', layer: 0, unit: 1, column: 5 });
    t.fromWebview.fire({ type: 'explain', layer: 1, unit: 1, column: 0.5 });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(t.calls, ['explain:2:1:5']);
    assert.equal(t.errors.length, 2);
    const answer = t.posts.map((p) => p.message).find((m) => m.type === 'explanation');
    assert.deepEqual(answer, { type: 'explanation', layer: 2, unit: 1, column: 5, step: 3, sample: 5, explanation: null, error: 'paused?' });
  });

  it("opens the Explain pane on a target ('explainRequested'): at once when live, else right after the next full state", () => {
    const t = setup();
    t.connection.requestExplain({ layer: 2, unit: 4, column: 0 });
    assert.equal(t.posts.length, 0, 'not ready yet: kept');
    t.fromWebview.fire({ type: 'ready' });
    assert.deepEqual(t.posts.map((p) => p.message), [t.posts[0].message, { type: 'explainRequested', target: { layer: 2, unit: 4, column: 0 } }]);
    assert.equal(t.posts[0].message.type, 'fullState');
    t.sessionChanged.fire(undefined);
    assert.equal(t.posts.at(-1)!.message.type, 'fullState', 'sent once, not again with every full state');
    t.connection.requestExplain({ layer: 1, unit: 0, column: 0 });
    assert.deepEqual(t.posts.at(-1)!.message, { type: 'explainRequested', target: { layer: 1, unit: 0, column: 0 } });
    const side = setup(SIDE_VIEW_CONNECTION);
    side.fromWebview.fire({ type: 'ready' });
    side.updates.fire({ type: 'explainRequested', target: { layer: 1, unit: 0, column: 0 } });
    side.clock.advance(1000);
    assert.deepEqual(side.posts.map((p) => p.message.type), ['fullState'], 'the side view has no Explain pane');
  });

  it('drops pending updates when hidden, and sends a fresh full state when the run changes', () => {
    const t = setup();
    t.fromWebview.fire({ type: 'ready' });
    t.updates.fire(progress(1));
    t.connection.pause();
    t.clock.advance(1000);
    t.updates.fire(progress(2));
    t.clock.advance(1000);
    assert.deepEqual(t.posts.map((p) => p.message.type), ['fullState']);
    t.fromWebview.fire({ type: 'ready' });
    t.setState({ ...emptyMonitorState(), state: 'paused' });
    t.sessionChanged.fire(undefined);
    assert.deepEqual(t.posts.map((p) => p.message.type), ['fullState', 'fullState', 'fullState']);
    t.connection.dispose();
    t.updates.fire(progress(3));
    t.clock.advance(1000);
    assert.equal(t.posts.length, 3);
  });
});

describe('monitor webview HTML', () => {
  it('allows scripts only by nonce and nothing inline', () => {
    const csp = contentSecurityPolicy('https://x.vscode-cdn.net', 'abc');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc'(;|$)/);
    assert.match(csp, /font-src https:\/\/x\.vscode-cdn\.net/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });

  it('loads one nonce-tagged script and one stylesheet; bench mode is a body attribute', () => {
    const html = webviewHtml({ entry: 'monitor', title: 'T <x>', scriptUri: 'https://h/monitor.js', styleUri: 'https://h/monitor.css', cspSource: 'https://h', frameStatsMs: 2000, nonce: 'N0NCE' });
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(html, /<script nonce="N0NCE" src="https:\/\/h\/monitor\.js"><\/script>/);
    assert.match(html, /script-src 'nonce-N0NCE'/);
    assert.match(html, /data-frame-stats-ms="2000"/);
    assert.match(html, /<title>T &lt;x><\/title>/);
    assert.doesNotMatch(webviewHtml({ entry: 'sidebar', title: '', scriptUri: '', styleUri: '', cspSource: '' }), /data-frame-stats-ms/);
  });
});
