import * as assert from 'node:assert/strict';
import type { HostToWebview, MonitorState } from '../../../src/protocol';
import type { WebviewTransport } from '../../../media/lib/transport';
import { emptyMonitorState, reduceAll } from '../../../media/lib/state';
import { LIVE, nearestStop, nextStop, pin, scrubbedState, stopIndex, withFrame } from '../../../media/lib/scrub';
import { FrameStore } from '../../../src/engine/record/cadence';
import { RECENT_FRAMES, SPREAD_FRAMES } from '../../../src/protocol';
import { drawnImages, installDom } from './domEnvironment';
import { recordSpiralRun } from './recordedRun';
import { frameAt, recordOf } from './recordFixture';

describe('step slider: pure parts', () => {
  const stops = [3, 6, 9, 30];

  it('stopIndex is the last stop at or before a step; nextStop the one after', () => {
    assert.deepEqual([0, 3, 5, 6, 29, 30, 99].map((s) => stopIndex(stops, s)), [0, 0, 0, 1, 2, 3, 3]);
    assert.deepEqual([0, 3, 5, 29, 30].map((s) => nextStop(stops, s)), [3, 6, 6, 30, null]);
    assert.equal(stopIndex([], 5), -1);
    assert.equal(nextStop([], 5), null);
  });

  it('nearestStop snaps a step to the nearest frame (the earlier on a tie)', () => {
    assert.deepEqual([0, 4, 5, 7, 8, 19, 20, 100].map((s) => nearestStop(stops, s)), [3, 3, 6, 6, 9, 9, 30, 30]);
    assert.equal(nearestStop([], 5), null);
  });

  it('keeps only the answer for the step still pinned, and draws the live snapshot until it arrives', () => {
    const stream = recordSpiralRun();
    const state = reduceAll(emptyMonitorState(), stream);
    let scrub = pin(LIVE, 6);
    assert.equal(scrubbedState(state, scrub), state, 'nothing arrived yet: the live state');
    assert.equal(withFrame(scrub, 9, frameAt(stream, 9)), scrub, 'a late answer for another step is dropped');
    scrub = withFrame(scrub, 6, frameAt(stream, 6));
    const shown = scrubbedState(state, scrub);
    assert.equal(shown.snapshot?.step, 6);
    assert.equal(shown.boundary, frameAt(stream, 6)!.boundary, 'the boundary moves with the frame');
    assert.deepEqual(shown.snapshot?.health, state.snapshot?.health, 'health findings stay those of the live run');
  });
});

/** A transport that records posts and lets the test deliver host messages. */
function fakeTransport() {
  const posts: { type: string; step?: number }[] = [];
  let listener: ((m: HostToWebview) => void) | null = null;
  const transport: WebviewTransport = { post: (m) => { posts.push(m as { type: string }); }, onMessage: (l) => { listener = l; }, getState: () => undefined, setState: () => undefined };
  return { transport, posts, deliver: (m: HostToWebview) => listener!(m) };
}

describe('step slider in the monitor', function () {
  let dom: ReturnType<typeof installDom>;
  let createMonitorApp: typeof import('../../../media/monitorApp').createMonitorApp;
  let chartOf: typeof import('../../../media/views/lineChart').chartOf;
  const stream = recordSpiralRun();
  const record = recordOf(stream);
  const finished: MonitorState = { ...reduceAll(emptyMonitorState(), stream), record };
  before(async () => {
    dom = installDom();
    ({ createMonitorApp } = await import('../../../media/monitorApp'));
    ({ chartOf } = await import('../../../media/views/lineChart'));
  });
  after(() => dom.uninstall());
  beforeEach(() => { document.body.replaceChildren(); });

  const mount = (state: MonitorState) => {
    const root = document.createElement('div');
    document.body.append(root);
    const t = fakeTransport();
    const app = createMonitorApp(root, t.transport, { scheduleFrame: () => undefined, persistIntervalMs: 0 });
    t.deliver({ type: 'fullState', state });
    app.flush();
    return { ...t, app };
  };
  const slider = () => document.getElementById('frame-slider') as HTMLInputElement;
  const pixels = (selector: string) => Array.from(drawnImages.get(document.querySelector(selector)!)!.data);

  it('runs from the first frame’s step to the last’s, at the latest step, hidden without frames', () => {
    mount(finished);
    assert.equal(document.getElementById('frame-scrubber')!.hidden, false);
    assert.equal(Number(slider().min), record.frameSteps[0]);
    assert.equal(Number(slider().max), record.frameSteps.at(-1));
    assert.equal(Number(slider().value), record.frameSteps.at(-1));
    assert.match(document.getElementById('frame-step')!.textContent!, /^latest \(\d+ frames\)$/);
    document.body.replaceChildren();
    mount({ ...finished, record: null });
    assert.equal(document.getElementById('frame-scrubber')!.hidden, true);
  });

  it('moving it asks the host for that step’s frame; the answer moves the δ factors, σ′ and the boundary', () => {
    const t = mount(finished);
    const before = { delta: pixels('canvas.batch-heatmap[data-layer="2"]'), sigma: pixels('canvas.sigma-heatmap[data-layer="1"]'), boundary: pixels('#boundary') };
    slider().value = String(record.frameSteps[1]);
    slider().dispatchEvent(new Event('input'));
    assert.deepEqual(t.posts.at(-1), { type: 'requestFrame', step: record.frameSteps[1] });
    t.deliver({ type: 'frame', step: record.frameSteps[1], frame: frameAt(stream, record.frameSteps[1]) });
    t.app.flush();
    assert.notDeepEqual(pixels('canvas.batch-heatmap[data-layer="2"]'), before.delta, 'δ² of the early batch');
    assert.notDeepEqual(pixels('canvas.sigma-heatmap[data-layer="1"]'), before.sigma, 'σ′(z¹) of the early batch');
    assert.notDeepEqual(pixels('#boundary'), before.boundary, 'the boundary as it was then');
    assert.match(document.querySelector('.layer-row[data-layer="1"] .layer-header')!.textContent!, new RegExp(`at step ${record.frameSteps[1]}$`));
    assert.match(document.getElementById('frame-step')!.textContent!, new RegExp(`^${record.frameSteps[1]} · epoch 0`));
    (document.getElementById('btn-live') as HTMLButtonElement).click();
    t.app.flush();
    assert.deepEqual(pixels('canvas.batch-heatmap[data-layer="2"]'), before.delta, "'latest' shows the live batch again");
  });

  it('clicking a δ cell of a past frame says its weights are not kept and shows δ = u · σ′ from the frame; no request to the host', () => {
    const t = mount(finished);
    slider().value = String(record.frameSteps[1]);
    slider().dispatchEvent(new Event('input'));
    const canvas = document.querySelector('canvas.batch-heatmap[data-layer="1"]') as HTMLCanvasElement;
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    assert.match(document.querySelector('.explain-status')!.textContent!, /^The frame of step \d+ is still on its way/);
    const step = record.frameSteps[1], frame = frameAt(stream, step)!;
    t.deliver({ type: 'frame', step, frame });
    t.app.flush();
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown' }));
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    assert.equal(t.posts.filter((p) => p.type === 'explain').length, 0, 'a past frame is not asked of the worker');
    assert.match(document.querySelector('.explain-status')!.textContent!, new RegExp(`^Step ${frame.step} is a recorded δ frame: .* not that step's weights, biases or optimizer state`));
    const layer = frame.layers[0], cell = 1 * layer.batchSize + 1;
    const lines = [...document.querySelectorAll('.explain-frame .equation')].map((e) => e.getAttribute('data-tex'));
    assert.equal(lines.length, 2);
    assert.ok(lines[1]!.startsWith("\\delta^{1}_{2} = \\big[(W^{2})^{\\mathsf T}\\delta^{2}\\big]_{2}\\,\\sigma'(z^{1}_{2}) = "), lines[1]!);
    const product = Number(/= (-?[\d.]+)$/.exec(lines[1]!)?.[1]);
    assert.ok(Math.abs(product - layer.delta[cell]) <= 0.01 * Math.abs(layer.delta[cell]), `u · σ′ = ${product} vs the frame's δ ${layer.delta[cell]}`);
  });

  it('draws the ‖δ‖ chart, the loss chart and the δ-over-time maps from the record when there is one', () => {
    mount(finished);
    assert.equal(document.getElementById('norm-chart')!.dataset.points, String(record.layers[0].deltaNorm.last.length));
    const map = drawnImages.get(document.querySelector('canvas.delta-heatmap[data-layer="1"]')!)!;
    assert.deepEqual([map.width, map.height], [record.layers[0].deltaMap.columns, record.layers[0].deltaMap.units]);
    assert.ok(Number(document.getElementById('loss-chart')!.dataset.points) >= record.loss.last.length);
  });

  it('moving it puts a cursor at the frame’s step in every time-axis view: loss, ‖δ‖, update ratio, each δ-over-time map', async () => {
    const t = mount(finished);
    const step = record.frameSteps[Math.floor(record.frameSteps.length / 3)];
    slider().value = String(step);
    slider().dispatchEvent(new Event('input'));
    t.deliver({ type: 'frame', step, frame: frameAt(stream, step) });
    t.app.flush();
    await new Promise((resolve) => setTimeout(resolve, 20)); // uPlot draws (and places the cursor) in a microtask
    for (const id of ['loss-chart', 'norm-chart', 'update-ratio-chart']) {
      const cursor = document.querySelector(`#${id} .step-cursor`) as HTMLElement | null;
      assert.ok(cursor && !cursor.hidden, `#${id} shows a cursor`);
      assert.equal(cursor.dataset.step, String(step), `#${id}: at the frame's step`);
      const x = chartOf(document.getElementById(id)!)!.plotted.data[0] as number[];
      const width = parseFloat((cursor.parentElement as HTMLElement).style.width);
      const expected = ((step - x[0]) / (x.at(-1)! - x[0])) * width;
      assert.ok(Math.abs(parseFloat(cursor.style.left) - expected) < 1, `#${id}: left ${cursor.style.left}, step ${step} of [${x[0]}, ${x.at(-1)}] at ${expected.toFixed(1)}px of ${width}px`);
    }
    const strips = [...document.querySelectorAll('.delta-heatmap')];
    assert.equal(strips.length, record.layers.length);
    for (const canvas of strips) {
      const cursor = canvas.parentElement!.querySelector('.step-cursor') as HTMLElement;
      assert.ok(cursor && !cursor.hidden, `δ-over-time map of layer ${canvas.getAttribute('data-layer')} shows a cursor`);
      assert.equal(cursor.dataset.step, String(step));
      const columns = Array.from(record.layers[0].deltaMap.last), column = columns.indexOf(step);
      assert.equal(cursor.style.left, `${((column + 0.5) / columns.length) * 100}%`, 'in the middle of the step’s column');
    }
    (document.getElementById('btn-live') as HTMLButtonElement).click();
    t.app.flush();
    assert.ok([...document.querySelectorAll('.step-cursor')].every((c) => (c as HTMLElement).hidden), "'latest' hides every cursor");
  });

  it('a new run resets the slider to the latest step', () => {
    const t = mount(finished);
    slider().value = String(record.frameSteps[0]);
    slider().dispatchEvent(new Event('input'));
    t.deliver({ type: 'frame', step: record.frameSteps[0], frame: frameAt(stream, record.frameSteps[0]) });
    t.deliver({ type: 'started', info: { ...finished.info!, runId: 'next-run' } });
    t.app.flush();
    assert.equal((document.getElementById('btn-live') as HTMLButtonElement).disabled, true);
  });
});

describe('step slider: frame k of N sits at its step', function () {
  let dom: ReturnType<typeof installDom>;
  let createStepSlider: typeof import('../../../media/views/stepSlider').createStepSlider;
  before(async () => {
    dom = installDom();
    ({ createStepSlider } = await import('../../../media/views/stepSlider'));
  });
  after(() => dom.uninstall());
  beforeEach(() => { document.body.replaceChildren(); });

  /** The frames a 12,000-step run keeps when it records every 12th step (as the worker's RunRecording: spread + recent). */
  function keptFrameSteps(): number[] {
    const store = new FrameStore<{ step: number }>(RECENT_FRAMES, SPREAD_FRAMES, 12_000);
    for (let step = 12; step <= 12_000; step += 12) store.add({ step });
    return store.steps();
  }
  const mount = (stops: number[]) => {
    const posts: { type: string; step?: number }[] = [];
    const view = createStepSlider({ post: (m) => { posts.push(m as { type: string }); } }, () => undefined);
    document.body.append(view.element);
    view.update({ ...emptyMonitorState(), info: { runId: 'r' } as MonitorState['info'], record: { frameSteps: stops } as unknown as MonitorState['record'] });
    return { posts, view, range: document.getElementById('frame-slider') as HTMLInputElement };
  };
  const key = (range: HTMLInputElement, name: string) => range.dispatchEvent(new KeyboardEvent('keydown', { key: name, cancelable: true }));
  const fraction = (range: HTMLInputElement) => (Number(range.value) - Number(range.min)) / (Number(range.max) - Number(range.min));

  it('the kept frames crowd the end of the run: frame N/2 is not at the middle step (why an index slider misplaced it)', () => {
    const stops = keptFrameSteps();
    const middle = stops[Math.floor(stops.length / 2)];
    assert.ok(middle / 12_000 > 0.6, `frame ${Math.floor(stops.length / 2)} of ${stops.length} is step ${middle} (${Math.round((100 * middle) / 12_000)} % of the run)`);
  });

  it('the arrow keys go frame by frame; frame k’s thumb sits where its step lies between the first and last frame', () => {
    const stops = keptFrameSteps(), k = Math.floor(stops.length / 2);
    const { posts, range } = mount(stops);
    key(range, 'Home');
    for (let i = 0; i < k; i++) key(range, 'ArrowRight');
    assert.equal(posts.at(-1)?.step, stops[k], `frame ${k} asked for`);
    assert.equal(Number(range.value), stops[k], 'the range holds the frame’s step');
    const wanted = (stops[k] - stops[0]) / (stops.at(-1)! - stops[0]);
    assert.ok(Math.abs(fraction(range) - wanted) < 1e-9, `thumb at ${fraction(range)} of the track, the step at ${wanted} of the frames' steps`);
    key(range, 'ArrowLeft');
    assert.equal(posts.at(-1)?.step, stops[k - 1]);
    key(range, 'End');
    assert.equal(posts.at(-1)?.step, stops.at(-1));
  });

  it('dragging to a point of the track asks for the frame nearest that step', () => {
    const stops = keptFrameSteps();
    const { posts, range } = mount(stops);
    const middleStep = Math.round((stops[0] + stops.at(-1)!) / 2);
    range.value = String(middleStep);
    range.dispatchEvent(new Event('input'));
    const asked = posts.at(-1)!.step!;
    assert.ok(stops.includes(asked), `a frame's step: ${asked}`);
    assert.ok(stops.every((s) => Math.abs(s - middleStep) >= Math.abs(asked - middleStep)), `${asked} is the frame nearest step ${middleStep}`);
    assert.equal(Number(range.value), asked, 'the thumb snaps to it');
  });
});

describe('step slider playback', function () {
  let dom: ReturnType<typeof installDom>;
  let createStepSlider: typeof import('../../../media/views/stepSlider').createStepSlider;
  before(async () => {
    dom = installDom();
    ({ createStepSlider } = await import('../../../media/views/stepSlider'));
  });
  after(() => dom.uninstall());

  it('▶ plays from the first frame to the last, one request after each answer, then stops', () => {
    const posts: { type: string; step?: number }[] = [];
    const pending: (() => void)[] = [];
    const view = createStepSlider({ post: (m) => { posts.push(m as { type: string }); } }, () => undefined, { schedule: (cb) => pending.push(cb), cancel: () => undefined });
    document.body.append(view.element);
    const stops = [3, 6, 9];
    view.update({ ...emptyMonitorState(), info: { runId: 'r' } as MonitorState['info'], record: { frameSteps: stops } as unknown as MonitorState['record'] });
    (document.getElementById('btn-play') as HTMLButtonElement).click();
    assert.deepEqual(posts.map((p) => p.step), [3], 'at the latest step, play starts from the first frame');
    for (const step of [3, 6, 9]) {
      view.receiveFrame(step, { step, epoch: 1, layers: [] });
      pending.pop()!(); // the interval after the answer
    }
    assert.deepEqual(posts.map((p) => p.step), [3, 6, 9]);
    assert.equal(view.scrub.playing, false, 'stopped at the last frame');
    assert.equal(view.scrub.pinned, 9);
    assert.equal(document.getElementById('btn-play')!.textContent, '▶ play');
  });
});
