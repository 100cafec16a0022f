import * as assert from 'node:assert/strict';
import type { HostToWebview, MonitorState } from '../../../src/protocol';
import type { WebviewTransport } from '../../../media/lib/transport';
import { emptyMonitorState, reduceAll } from '../../../media/lib/state';
import { encodeView, defaultUiState } from '../../../media/lib/persist';
import { drawnImages, installDom } from './domEnvironment';
import { recordSpiralRun, spiralExplanation } from './recordedRun';
import { texNumber as texNumberOf } from '../../../media/lib/explainTex';
import type { IntersectionWatcher } from '../../../media/lib/visibleSections';
import { codeSnapshot } from '../../../src/extension/monitor/codedSnapshot';
import { decodeSnapshot } from '../../../media/lib/codedSnapshot';

/** A transport that records posts and lets the test deliver host messages. */
function fakeTransport(persisted?: unknown) {
  const posts: unknown[] = [];
  let listener: ((m: HostToWebview) => void) | null = null;
  let saved: unknown = persisted;
  const transport: WebviewTransport = {
    post: (m) => { posts.push(m); },
    onMessage: (l) => { listener = l; },
    getState: () => saved,
    setState: (s) => { saved = s; },
  };
  return { transport, posts, deliver: (m: HostToWebview) => listener!(m), saved: () => saved };
}

describe('monitor dashboard in a DOM', function () {
  let dom: ReturnType<typeof installDom>;
  let createMonitorApp: typeof import('../../../media/monitorApp').createMonitorApp;
  const stream = recordSpiralRun();
  const finalState: MonitorState = reduceAll(emptyMonitorState(), stream);
  /** The recorded run as if paused after a Step: its worker lives and explains. */
  const pausedState: MonitorState = { ...finalState, state: 'paused' };
  const $ = (selector: string) => document.querySelector(selector);

  before(async () => {
    dom = installDom();
    ({ createMonitorApp } = await import('../../../media/monitorApp')); // uPlot reads window at import time
  });
  after(() => dom.uninstall());
  beforeEach(() => { document.body.replaceChildren(); });

  const mount = (persisted?: unknown, watchIntersections?: IntersectionWatcher) => {
    const root = document.createElement('div');
    document.body.append(root);
    const t = fakeTransport(persisted);
    const app = createMonitorApp(root, t.transport, { scheduleFrame: () => undefined, persistIntervalMs: 0, watchIntersections });
    return { ...t, app };
  };

  /** Clicks cell (row, column) of layer `layerNumber`'s batch δ map, drawn 10 px a cell; returns the canvas. */
  const clickBatchCell = (layerNumber: number, row: number, column: number): HTMLCanvasElement => {
    const canvas = document.querySelector(`canvas.batch-heatmap[data-layer="${layerNumber}"]`) as HTMLCanvasElement;
    const layer = finalState.snapshot!.layers[layerNumber - 1];
    canvas.getBoundingClientRect = () => ({ left: 0, top: 0, width: layer.batchSize * 10, height: layer.units * 10 }) as DOMRect;
    canvas.dispatchEvent(new MouseEvent('click', { clientX: column * 10 + 5, clientY: row * 10 + 5, bubbles: true }));
    return canvas;
  };

  it('says which trainer a run uses, and when the fast path fell back', async () => {
    const { trainerText } = await import('../../../media/views/controls');
    const info = finalState.info!;
    assert.equal(trainerText({ ...info, trainer: 'fast', precision: 'float32', threads: 2, trainerFallback: null }), 'fast · float32 · 2 threads');
    assert.equal(trainerText({ ...info, trainer: 'reference', precision: 'float64', threads: 1, trainerFallback: 'no WebAssembly SIMD' }), 'reference · float64 (fallback)');
  });

  it("posts 'ready' once on load and shows the idle state before any message", () => {
    const t = mount();
    assert.deepEqual(t.posts, [{ type: 'ready' }]);
    assert.equal($('#run-status')?.textContent, 'idle');
    assert.ok($('#loss-chart canvas'), 'uPlot canvas inside #loss-chart');
    assert.equal((document.getElementById('btn-pause') as HTMLButtonElement).disabled, true);
    const bp2 = document.querySelector('#section-delta .equation[data-tex*="W^{l+1}"]');
    assert.ok(bp2?.querySelector('.katex'), 'BP2 is typeset by KaTeX, not shown as TeX source');
  });

  it('renders a fullState: status, epoch, one δ heatmap per layer, grad-check rows, then acknowledges it', () => {
    const t = mount();
    t.deliver({ type: 'fullState', state: finalState });
    t.app.flush();
    assert.equal($('#run-status')?.textContent, 'finished');
    assert.equal($('#epoch')?.textContent, 'epoch 4 / 4');
    const info = finalState.info!;
    assert.ok(info.trainer, 'the recorded run says which trainer it used');
    assert.equal($('#run-trainer')?.textContent, `${info.trainer} · ${info.precision}${info.trainer === 'fast' ? ` · ${info.threads} thread${info.threads === 1 ? '' : 's'}` : ''}`);
    const heatmaps = [...document.querySelectorAll('canvas.delta-heatmap')];
    assert.deepEqual(heatmaps.map((c) => c.getAttribute('data-layer')), ['1', '2', '3']);
    heatmaps.forEach((canvas, i) => {
      const image = drawnImages.get(canvas)!;
      assert.equal(image.height, finalState.info!.layers[i].units, 'one pixel row per neuron');
      assert.equal(image.width, finalState.deltaHistory[i].length, 'one pixel column per snapshot');
      const colours = new Set<number>();
      for (let p = 0; p < image.data.length; p += 4) colours.add((image.data[p] << 16) | (image.data[p + 1] << 8) | image.data[p + 2]);
      assert.ok(colours.size > 5, `layer ${i + 1} heatmap has ${colours.size} colours`);
    });
    const rows = [...document.querySelectorAll('#gradcheck-table tbody tr')];
    assert.equal(rows.length, 3);
    assert.deepEqual(rows.map((r) => r.querySelector('td')?.textContent), ['1', '2', '3']);
    assert.equal(document.querySelectorAll('#layer-health tbody tr').length, 3);
    assert.equal(document.querySelector('#boundary')?.closest('figure')?.hidden, false);
    assert.deepEqual(t.posts.at(-1), { type: 'stateAck', runState: 'finished', lossPoints: finalState.losses.length, layers: 3, float32: true });
  });

  it('paints the BP2 factors of the latest batch: upstream ⊙ σ′ = δ, neurons × samples', () => {
    const t = mount();
    t.deliver({ type: 'fullState', state: finalState });
    t.app.flush();
    const layer = finalState.snapshot!.layers[1];
    for (const cls of ['upstream-heatmap', 'sigma-heatmap', 'batch-heatmap']) {
      const image = drawnImages.get(document.querySelector(`canvas.${cls}[data-layer="2"]`)!)!;
      assert.deepEqual([image.height, image.width], [layer.units, layer.batchSize], cls);
    }
  });

  it("scrolling the δ section into view posts 'visibleSections'; the host's coded latest batch is then drawn, and its tooltip says ≈ and how close", () => {
    let report: Parameters<IntersectionWatcher>[0] = () => undefined;
    const watched: Element[] = [];
    const t = mount(undefined, (callback) => { report = callback; return { observe: (target) => { watched.push(target); } }; });
    const running: MonitorState = { ...finalState, state: 'running' };
    const hiddenBatch = codeSnapshot(finalState.snapshot!, new Set(['boundary'])).coded;
    t.deliver({ type: 'fullState', state: { ...running, snapshot: decodeSnapshot(hiddenBatch) } }); // as the δ section was off screen
    t.app.flush();
    const section = (id: string) => watched.find((e) => e.id === id)!;
    report(watched.map((target) => ({ target, isIntersecting: target.id === 'section-loss' }))); // the top of the panel
    assert.deepEqual(t.posts.at(-1), { type: 'visibleSections', sections: ['boundary'] });
    const canvas = document.querySelector('canvas.batch-heatmap[data-layer="2"]') as HTMLCanvasElement;
    assert.equal(canvas.dataset.cols, '0', 'off screen: no batch arrived, none drawn');
    report([{ target: section('section-delta'), isIntersecting: true }]); // scrolled down: the δ section comes into view
    assert.deepEqual(t.posts.at(-1), { type: 'visibleSections', sections: ['batch', 'boundary'] });
    t.deliver({ type: 'codedSnapshot', snapshot: codeSnapshot(finalState.snapshot!, new Set(['batch', 'boundary'])).coded }); // the host's answer
    t.app.flush();
    const layer = finalState.snapshot!.layers[1];
    assert.deepEqual([drawnImages.get(canvas)!.height, drawnImages.get(canvas)!.width], [layer.units, layer.batchSize]);
    canvas.getBoundingClientRect = () => ({ left: 0, top: 0, width: layer.batchSize * 10, height: layer.units * 10 }) as DOMRect;
    canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: 5, clientY: 5, bubbles: true }));
    assert.match(document.getElementById('tooltip')!.textContent ?? '', / · δ ≈ .* ± .*exact when paused/);
    report([{ target: section('section-delta'), isIntersecting: false }]);
    assert.deepEqual(t.posts.at(-1), { type: 'visibleSections', sections: ['boundary'] });
  });

  it('hovering a heatmap reads out layer, neuron, step and value', () => {
    const t = mount();
    t.deliver({ type: 'fullState', state: finalState });
    t.app.flush();
    const canvas = document.querySelector('canvas.delta-heatmap[data-layer="1"]') as HTMLCanvasElement;
    const history = finalState.deltaHistory[0];
    const units = finalState.info!.layers[0].units;
    canvas.getBoundingClientRect = () => ({ left: 0, top: 0, width: history.length * 10, height: units * 10 }) as DOMRect;
    canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: 2 * 10 + 5, clientY: 3 * 10 + 5, bubbles: true })); // column 2, row 3
    const tip = document.getElementById('tooltip')!;
    assert.equal(tip.hidden, false);
    const expected = history[2].mean[3];
    assert.match(tip.textContent ?? '', new RegExp(`^layer 1 · neuron 4 · step ${history[2].step} · mean δ = `));
    const shown = Number((tip.textContent ?? '').split('= ')[1].replace('−', '-').replace('e−', 'e-'));
    assert.ok(Math.abs(shown - expected) <= Math.abs(expected) * 0.01, `${shown} vs ${expected}`);
    canvas.dispatchEvent(new MouseEvent('mouseleave'));
    assert.equal(tip.hidden, true);
    // Keyboard: End jumps to the newest step, Down moves one neuron.
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'End' }));
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown' }));
    assert.equal(tip.hidden, false);
    assert.match(tip.textContent ?? '', new RegExp(`^layer 1 · neuron 2 · step ${history.at(-1)!.step} · `));
  });

  it("clicking a batch δ cell (or Enter on it) posts 'explain' for that layer, neuron and batch column; the answer fills the Explain pane", () => {
    const t = mount();
    t.deliver({ type: 'fullState', state: pausedState });
    t.app.flush();
    const canvas = clickBatchCell(2, 3, 1);
    assert.deepEqual(t.posts.at(-1), { type: 'explain', layer: 2, unit: 3, column: 1 });
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    assert.deepEqual(t.posts.at(-1), { type: 'explain', layer: 2, unit: 0, column: 1 });
    t.deliver({ type: 'explanation', layer: 2, unit: 0, column: 1, step: 9, sample: 3, explanation: null, error: 'Pause the run to explain a number: the weights change every step.' });
    assert.equal(document.querySelector('#section-explain .explain-status')?.textContent, 'Pause the run to explain a number: the weights change every step.');
    const timeMap = document.querySelector('canvas.delta-heatmap[data-layer="2"]') as HTMLCanvasElement;
    const before = t.posts.length;
    timeMap.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    assert.equal(t.posts.length, before, 'the δ-over-time map explains nothing (its cells are batch means)');
  });

  it("the editor's 'Explain layer' link ('explainRequested') asks the host to explain that cell and brings the pane into view", () => {
    const t = mount();
    t.deliver({ type: 'fullState', state: pausedState });
    t.app.flush();
    const pane = document.getElementById('explain-pane')!;
    let scrolled = 0;
    pane.scrollIntoView = () => { scrolled++; };
    t.deliver({ type: 'explainRequested', target: { layer: 2, unit: 1, column: 0 } });
    assert.deepEqual(t.posts.at(-1), { type: 'explain', layer: 2, unit: 1, column: 0 });
    assert.equal(scrolled, 1);
  });

  it('steps through the backward pass of the explained sample: BP1 at the output, BP2 down to layer 1, then BP3/BP4 and the update', () => {
    const t = mount();
    t.deliver({ type: 'fullState', state: pausedState });
    t.app.flush();
    const start = $('#btn-walk-start') as HTMLButtonElement;
    assert.equal(($('#backward-walk') as HTMLElement).hidden, true, 'no sample explained yet');
    t.deliver(spiralExplanation(1, 2));
    assert.equal(($('#backward-walk') as HTMLElement).hidden, false);
    start.click();
    const asked = () => t.posts.at(-1) as { type: string; layer: number; unit: number; column: number };
    const stops: [number, string][] = [];
    const highlighted = () => ($('canvas.network-diagram') as HTMLCanvasElement).dataset.highlighted;
    for (let i = 0; i < 4; i++) {
      const { layer, unit, column } = asked();
      assert.equal(column, 0, 'the explained sample throughout');
      t.deliver(spiralExplanation(layer, unit));
      stops.push([layer, [...document.querySelectorAll('.explain-current')].map((e) => e.classList[1]).join(' ')]);
      assert.equal(highlighted(), String(layer), 'the diagram highlights the layer');
      ($('#backward-walk') as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
    }
    assert.deepEqual(stops, [[3, 'explain-bp1'], [2, 'explain-bp2'], [1, 'explain-bp2'], [1, 'explain-gradients explain-step-bias explain-step-weight']]);
    assert.match($('.walk-status')!.textContent!, /^4 of 4: BP3 and BP4 at layer 1/);
    assert.ok($('.walk-status .katex'), 'the stop\'s equation is typeset, not caret text');
    assert.equal(($('#btn-walk-next') as HTMLButtonElement).disabled, true);
    ($('#backward-walk') as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    assert.equal(start.hidden, false, 'Esc leaves the walk');
    assert.equal(highlighted(), '');
  });

  it("'scale per step' recolours the δ-over-time maps by each step's own max |δ|, and is remembered", () => {
    const t = mount();
    t.deliver({ type: 'fullState', state: finalState });
    t.app.flush();
    const canvas = document.querySelector('canvas.delta-heatmap[data-layer="1"]')!;
    const shared = drawnImages.get(canvas)!.data.slice();
    (document.getElementById('btn-delta-scale') as HTMLButtonElement).click();
    t.app.flush();
    assert.equal(t.app.ui.deltaScale, 'perStep');
    assert.notDeepEqual(Array.from(drawnImages.get(canvas)!.data), Array.from(shared));
    assert.match(canvas.closest('figure')?.querySelector('figcaption')?.textContent ?? '', /each step/);
    assert.equal((t.saved() as { ui: { deltaScale: string } }).ui.deltaScale, 'perStep');
  });

  it('posts controls the run state allows, and the learning rate only while paused', () => {
    const t = mount();
    t.deliver({ type: 'fullState', state: { ...finalState, state: 'paused' } });
    t.app.flush();
    const click = (id: string) => (document.getElementById(id) as HTMLButtonElement).click();
    assert.equal($('#btn-pause')?.textContent, 'Resume');
    click('btn-pause'); click('btn-step'); click('btn-stop'); click('btn-restart');
    (document.getElementById('lr-input') as HTMLInputElement).value = '0.005';
    click('btn-lr');
    const sent = t.posts.filter((p) => (p as { type: string }).type !== 'stateAck').slice(1);
    assert.deepEqual(sent, [
      { type: 'control', action: 'resume' }, { type: 'control', action: 'step' }, { type: 'control', action: 'stop' },
      { type: 'control', action: 'restart' }, { type: 'setLearningRate', learningRate: 0.005 },
    ]);
    t.deliver({ type: 'runState', state: 'running' });
    t.app.flush();
    assert.equal($('#run-status')?.textContent, 'running');
    assert.equal((document.getElementById('btn-step') as HTMLButtonElement).disabled, true);
    assert.equal((document.getElementById('lr-input') as HTMLInputElement).disabled, true);
  });

  it('a δ cell of a run without a worker (finished, or saved: Open Run…) shows what its last snapshot holds, asking the host nothing', () => {
    for (const state of [finalState, { ...finalState, state: 'paused' as const, savedRun: 'file:///w/.backprop-lens/runs/spiral' }]) {
      const t = mount();
      t.deliver({ type: 'fullState', state });
      t.app.flush();
      const layer = state.snapshot!.layers[1];
      const posted = t.posts.length;
      clickBatchCell(2, 3, 1);
      assert.equal(t.posts.length, posted, 'no explain request: there is no worker to answer it');
      assert.match(document.querySelector('#section-explain .explain-status')?.textContent ?? '', new RegExp(`^Step ${state.snapshot!.step} is the last δ this run sent; its worker is gone .* press Explain with the final weights \\(a copy of the run steps one mini-batch from them\\)\\.$`));
      const cell = 3 * layer.batchSize + 1;
      const tex = [...document.querySelectorAll('#section-explain .explain-frame .equation')].map((e) => e.getAttribute('data-tex') ?? '');
      assert.ok(tex.some((line) => line.endsWith(`= ${texNumberOf(layer.upstream[cell] * layer.sigmaPrime[cell])}`)), `δ = u · σ′ of row 3, column 1: ${JSON.stringify(tex)}`);
    }
  });

  it('"Explain with the final weights" asks the host for a copy of the ended run; its other cells (the diagram and the walk ask through the same path) and BP2 links keep asking so', () => {
    const t = mount();
    t.deliver({ type: 'fullState', state: finalState });
    t.app.flush();
    clickBatchCell(1, 4, 1);
    (document.querySelector('#section-explain .explain-final-weights') as HTMLButtonElement).click();
    assert.deepEqual(t.posts.at(-1), { type: 'explain', layer: 1, unit: 4, column: 1, finalWeights: true });
    assert.match($('#section-explain .explain-status')?.textContent ?? '', /^Explaining layer 1, neuron 5, batch column 2 with the final weights/);
    clickBatchCell(1, 1, 0);
    assert.deepEqual(t.posts.at(-1), { type: 'explain', layer: 1, unit: 1, column: 0, finalWeights: true }, 'the next cell of the run too');
    const answer = spiralExplanation(1, 1) as Extract<HostToWebview, { type: 'explanation' }>;
    t.deliver({ ...answer, finalWeights: true, step: 1201 });
    assert.match($('#section-explain .explain-status')?.textContent ?? '', /of the mini-batch a copy of the run stepped from its final weights \(step 1201; the copy's adam starts afresh, as its state is not saved\)/);
    (document.querySelector('#section-explain .explain-bp2 .explain-term') as HTMLButtonElement).click();
    assert.equal((t.posts.at(-1) as { finalWeights?: boolean }).finalWeights, true, 'a BP2 term walks on with the final weights');
  });

  it('a failed run (no final model) offers no final weights, and a new run forgets the choice', () => {
    const t = mount();
    t.deliver({ type: 'fullState', state: { ...finalState, state: 'failed' } });
    t.app.flush();
    clickBatchCell(1, 0, 0);
    assert.equal($('#section-explain .explain-final-weights'), null);
    assert.match($('#section-explain .explain-status')?.textContent ?? '', /train the spec again, pause it and press Step\.$/);
  });

  it('a PyTorch run (Watch a PyTorch Run…): the header says so; Pause and Stop stay, Step, η and the gradient check say why not; Explain asks nothing', () => {
    const t = mount();
    const pytorch: MonitorState = { ...finalState, state: 'running', info: { ...finalState.info!, source: 'pytorch', name: 'my-run (PyTorch)' } };
    t.deliver({ type: 'fullState', state: pytorch });
    t.app.flush();
    assert.equal($('#run-trainer')?.textContent, 'PyTorch run (python/backprop_lens)');
    assert.equal($('#epoch')?.textContent, '', 'no epochs the extension knows');
    assert.equal(($('canvas.sigma-heatmap[data-layer="1"]')!.closest('figure') as HTMLElement).hidden, true, 'σ′ not recorded: its map hidden');
    assert.equal(($('canvas.upstream-heatmap[data-layer="1"]')!.closest('figure') as HTMLElement).hidden, true, 'nor the upstream factor');
    assert.equal(($('#btn-pause') as HTMLButtonElement).disabled, false);
    assert.equal(($('#btn-stop') as HTMLButtonElement).disabled, false);
    for (const id of ['#btn-step', '#btn-gradcheck', '#btn-restart']) assert.equal(($(id) as HTMLButtonElement).disabled, true, id);
    assert.equal(($('#btn-gradcheck') as HTMLButtonElement).title, "This run came from PyTorch: the gradient check needs the engine's own weights.");
    const posted = t.posts.length;
    clickBatchCell(1, 0, 0);
    assert.equal(t.posts.length, posted, 'no explain request');
    assert.equal($('#section-explain .explain-status')?.textContent, "This run came from PyTorch: Explain needs the engine's own weights.");
    t.deliver({ type: 'fullState', state: { ...finalState, state: 'running' } });
    t.app.flush();
    assert.equal(($('#btn-gradcheck') as HTMLButtonElement).disabled, false, 'a native run next: the gradient check again');
    assert.equal(($('#btn-gradcheck') as HTMLButtonElement).title, 'Run a gradient check now');
  });

  it('a saved run (Open Run…) shows its folder instead of the run controls, and the next run shows them again', () => {
    const t = mount();
    t.deliver({ type: 'fullState', state: { ...finalState, savedRun: 'file:///w/.backprop-lens/runs/spiral-2026-12-02T10-00-00' } });
    t.app.flush();
    assert.equal(($('.controls .buttons') as HTMLElement).hidden, true, 'no play/pause, step, stop, restart or grad check');
    assert.equal(($('.controls .lr') as HTMLElement).hidden, true, 'no learning rate');
    assert.equal($('#saved-run')?.textContent, 'saved run spiral-2026-12-02T10-00-00');
    assert.equal($('#run-status')?.textContent, 'finished');
    t.deliver({ type: 'fullState', state: finalState });
    t.app.flush();
    assert.equal(($('.controls .buttons') as HTMLElement).hidden, false);
    assert.equal(($('#saved-run') as HTMLElement).hidden, true);
  });

  it('draws the first-layer weights of image inputs as side × side images on one symmetric diverging scale', () => {
    const t = mount();
    t.deliver({ type: 'fullState', state: finalState });
    t.app.flush();
    assert.equal((document.querySelector('.weight-images-view') as HTMLElement).hidden, true, 'no images for 2-D data');
    const values = new Float32Array(3 * 64);
    values.fill(-2, 0, 64); values.fill(2, 64, 128); values[128] = 1; // unit 1 all −2, unit 2 all +2, unit 3 one +1 pixel
    const snapshot = { ...finalState.snapshot!, step: 1e9, firstLayerWeights: { step: 1e9, units: 3, fanIn: 64, side: 8, values } };
    t.deliver({ type: 'snapshot', snapshot });
    t.app.flush();
    const canvases = [...document.querySelectorAll('#weight-images canvas.weight-image')];
    assert.equal(canvases.length, 3);
    const pixel = (c: Element, i: number) => Array.from(drawnImages.get(c)!.data.slice(4 * i, 4 * i + 3));
    assert.equal(drawnImages.get(canvases[0])!.width, 8);
    assert.deepEqual(pixel(canvases[0], 0), [66, 146, 255], 'dark theme: −limit is the negative end');
    assert.deepEqual(pixel(canvases[1], 63), [255, 112, 67], '+limit is the positive end');
    assert.deepEqual(pixel(canvases[2], 1), [38, 38, 38], '0 is the neutral centre');
  });

  it('lists the health findings the latest snapshot carries, and hides the list when there are none', () => {
    const t = mount();
    t.deliver({ type: 'fullState', state: finalState });
    t.app.flush();
    const list = document.getElementById('health-findings') as HTMLElement;
    assert.equal(list.hidden, true);
    const health = [{ layer: 1, kind: 'dead-units' as const, suggestion: 'leaky_relu' as const, message: "100 % or more of layer 1's relu units are dead" }];
    t.deliver({ type: 'snapshot', snapshot: { ...finalState.snapshot!, step: 1e9, health } });
    t.app.flush();
    assert.equal(list.hidden, false);
    assert.deepEqual([...list.querySelectorAll('li')].map((li) => [li.getAttribute('data-kind'), li.querySelector('span')?.textContent]), [['dead-units', health[0].message]]);
    (list.querySelector('li button') as HTMLButtonElement).click();
    assert.deepEqual(t.posts.at(-1), { type: 'revealLayer', layer: 1 }, 'its layer button shows the layer in the spec');
    t.deliver({ type: 'snapshot', snapshot: { ...finalState.snapshot!, step: 1e9 + 1, health: [] } });
    t.app.flush();
    assert.equal(list.hidden, true);
  });

  it('#btn-dw asks for ∂E/∂W while the run is live and offers to hide it once snapshots carry it', () => {
    const t = mount();
    const button = () => document.getElementById('btn-dw') as HTMLButtonElement;
    t.deliver({ type: 'fullState', state: finalState });
    t.app.flush();
    assert.equal(button().disabled, true, 'a finished run cannot change');
    t.deliver({ type: 'runState', state: 'paused' });
    t.app.flush();
    assert.equal(button().disabled, false);
    button().click();
    const withDw = recordSpiralRun({ includeWeightGradients: true }).filter((m) => m.type === 'snapshot').at(-1)!;
    t.deliver({ ...withDw, snapshot: { ...(withDw as Extract<HostToWebview, { type: 'snapshot' }>).snapshot, step: 1e9 } });
    t.app.flush();
    assert.equal(button().getAttribute('aria-pressed'), 'true');
    assert.equal(button().textContent, 'Hide ∂E/∂W');
    assert.ok(document.querySelectorAll('canvas.dw-heatmap').length > 0);
    const dw = document.querySelector('canvas.dw-heatmap[data-layer="2"]') as HTMLCanvasElement;
    const dwLayer = (withDw as Extract<HostToWebview, { type: 'snapshot' }>).snapshot.layers[1];
    dw.getBoundingClientRect = () => ({ left: 0, top: 0, width: dwLayer.fanIn * 10, height: dwLayer.units * 10 }) as DOMRect;
    dw.dispatchEvent(new MouseEvent('click', { clientX: 4 * 10 + 5, clientY: 1 * 10 + 5, bubbles: true })); // input 4, neuron 1
    assert.deepEqual(t.posts.at(-1), { type: 'explain', layer: 2, unit: 1, column: null, input: 4 }, 'a ∂E/∂W cell explains weight W_jk over the batch');
    button().click();
    const sent = t.posts.filter((p) => (p as { type: string }).type === 'setWeightGradients');
    assert.deepEqual(sent, [{ type: 'setWeightGradients', enabled: true }, { type: 'setWeightGradients', enabled: false }]);
  });

  it('applies incremental messages (a whole recorded run) to the same result as the fullState', () => {
    const t = mount();
    for (const m of stream) t.deliver(m);
    t.app.flush();
    assert.equal(t.app.state.losses.length, finalState.losses.length);
    assert.equal(document.querySelectorAll('#gradcheck-table tbody tr').length, 3);
    assert.equal($('#run-status')?.textContent, 'finished');
  });

  it('a new run clears the previous run’s grad-check rows and batch maps', () => {
    const t = mount();
    t.deliver({ type: 'fullState', state: finalState });
    t.app.flush();
    t.deliver({ type: 'started', info: { ...finalState.info!, runId: 'run-next' } });
    t.app.flush();
    assert.equal(document.querySelectorAll('#gradcheck-table tbody tr').length, 0);
    assert.equal($('#gradcheck-summary')?.textContent?.startsWith('No gradient check yet'), true);
    const image = drawnImages.get(document.querySelector('canvas.batch-heatmap[data-layer="2"]')!)!;
    assert.deepEqual([image.width, image.height, Math.max(...image.data)], [1, 1, 0]);
    assert.equal($('#run-status')?.textContent, 'running');
  });

  it('paints the persisted view at once on reload, before the host answers', () => {
    const persisted = JSON.parse(JSON.stringify(encodeView(finalState, { ...defaultUiState(), lossScale: 'log' })));
    const t = mount(persisted);
    assert.deepEqual(t.posts, [{ type: 'ready' }]);
    assert.equal($('#run-status')?.textContent, 'finished');
    assert.equal(document.querySelectorAll('canvas.delta-heatmap').length, 3);
    assert.equal(t.app.ui.lossScale, 'log');
    assert.ok(t.saved(), 'setState was called');
  });
});
