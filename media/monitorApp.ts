/**
 * The training monitor dashboard: renders from state. On load it paints the persisted view at once, posts 'ready',
 * then applies every host message with the pure reducer; drawing happens at most once per animation frame.
 */
import { pytorchRunCannot, runHasEnded, type ExplainTarget, type HostToWebview, type MonitorSection, type MonitorState } from '../src/protocol';
import type { WebviewTransport } from './lib/transport';
import { emptyMonitorState } from './lib/state';
import { linkToHost } from './lib/hostLink';
import { decodeView, defaultUiState, encodeView, type UiState } from './lib/persist';
import { themeKindOf } from './lib/palette';
import { h } from './lib/dom';
import { throttled } from './lib/throttle';
import { palettesFor } from './views/heatmapCanvas';
import { createControls } from './views/controls';
import { createLossChart } from './views/lossChart';
import { createLayerHeatmaps } from './views/layerHeatmaps';
import { createNormChart } from './views/normChart';
import { createUpdateRatioChart } from './views/updateRatioChart';
import { createGradCheckView } from './views/gradcheck';
import { createBoundaryView } from './views/boundary';
import { createWeightGradientView } from './views/weightGradients';
import { createWeightImagesView } from './views/weightImages';
import { EQUATIONS, tex } from './views/equations';
import { createFrameFooter } from './views/frameFooter';
import { createExplainPane } from './views/explainPane';
import { createNetworkDiagram } from './views/networkDiagram';
import { createBackwardWalk } from './views/backwardWalkBar';
import { createStepSlider } from './views/stepSlider';
import { cursorStep, scrubbedState } from './lib/scrub';
import { reportVisibleSections, type IntersectionWatcher } from './lib/visibleSections';

export interface MonitorApp {
  /** The state last rendered (for tests). */
  readonly state: MonitorState;
  readonly ui: UiState;
  /** Applies a host message as if it had arrived (tests). */
  receive(message: HostToWebview): void;
  /** Draws pending changes now instead of on the next frame. */
  flush(): void;
}

export interface AppOptions {
  /** Runs the render callback before the next paint (requestAnimationFrame in the webview). */
  scheduleFrame?: (callback: () => void) => void;
  /** Minimum interval between setState calls. */
  persistIntervalMs?: number;
  /** Watches which sections are on screen (an IntersectionObserver; tests pass a fake). */
  watchIntersections?: IntersectionWatcher;
}

export function createMonitorApp(root: HTMLElement, transport: WebviewTransport, options: AppOptions = {}): MonitorApp {
  const scheduleFrame = options.scheduleFrame ?? ((callback) => requestAnimationFrame(callback));
  const restored = decodeView(transport.getState());
  let ui = restored?.ui ?? defaultUiState();
  let palettes = palettesFor(themeKindOf(document.body.classList));
  let forceNext = true;

  const controls = createControls(transport);
  const slider = createStepSlider(transport, () => requestRender());
  const loss = createLossChart((lossScale) => { ui = { ...ui, lossScale }; requestRender(); });
  const explain = createExplainPane(transport);
  /** The run (its id, or a saved run's folder) whose numbers the user chose to explain with its final weights. */
  let finalWeightsRun: string | null = null;
  /**
   * A δ cell of a pinned past frame gets what its frame holds, and so does a δ cell of a run without a worker (ended,
   * or saved: Open Run…) from its last snapshot, with a button to explain it with the run's final weights instead (the
   * host steps a copy of the run), which every later cell of that run then gets; ∂E/∂W cells and live δ cells ask the host.
   */
  const explainCell = (target: ExplainTarget): void => {
    if (drawn.info?.source === 'pytorch') return explain.refuse(pytorchRunCannot('Explain'));
    const { pinned, frame } = slider.scrub;
    const ended = !!drawn.savedRun || runHasEnded(drawn.state);
    const run = drawn.savedRun ?? drawn.info?.runId ?? null;
    if (pinned === null && ended && run !== null && run === finalWeightsRun) return explain.request({ ...target, finalWeights: true });
    const hasModel = ended && run !== null && (!!drawn.savedRun || drawn.state !== 'failed');
    const withFinalWeights = hasModel ? () => { finalWeightsRun = run; explainCell(target); } : undefined;
    if (pinned === null && ended && target.column !== null && drawn.snapshot) return explain.showFrame(drawn.snapshot, target, drawn.info ?? { layers: [] }, true, withFinalWeights);
    if (pinned === null || target.column === null) return explain.request(target);
    if (!frame) return explain.refuse(`The frame of step ${pinned} is still on its way: click the cell again in a moment.`);
    explain.showFrame(frame, target, drawn.info ?? { layers: [] });
  };
  const layers = createLayerHeatmaps(transport, explainCell);
  let explainedColumn = 0;
  const diagram = createNetworkDiagram(palettes, (layer, unit) => explainCell({ layer, unit, column: explainedColumn }));
  const walk = createBackwardWalk((layer, unit, column) => explainCell({ layer, unit, column }), (layer) => diagram.highlightLayer(layer));
  const norms = createNormChart(transport);
  const updateRatio = createUpdateRatioChart();
  const gradcheck = createGradCheckView();
  const boundary = createBoundaryView();
  const weightGradients = createWeightGradientView(transport, explainCell);
  const weightImages = createWeightImagesView();
  const deltaScaleButton = h('button', { id: 'btn-delta-scale', type: 'button', title: 'Colour the δ-over-time maps on one shared scale, or each step on its own' }, 'scale per step');
  deltaScaleButton.addEventListener('click', () => { ui = { ...ui, deltaScale: ui.deltaScale === 'perStep' ? 'shared' : 'perStep' }; requestRender(); });
  const section = (id: string, title: string, ...children: (Node | string)[]): HTMLElement =>
    h('section', { id, class: 'panel' }, h('h2', {}, title), ...children);
  const lossSection = section('section-loss', 'Loss', h('div', { class: 'equation-line' }, tex(EQUATIONS.loss)), loss.element, boundary.element);
  const deltaSection = section('section-delta', 'δ per layer', h('div', { class: 'view-tools' }, deltaScaleButton), h('div', { class: 'equation-line' }, tex(EQUATIONS.bp1), tex(EQUATIONS.bp2)), layers.element);
  const weightsSection = section('section-bp4', 'Weights and weight gradients', weightImages.element, weightGradients.element);
  root.replaceChildren(
    controls.element,
    slider.element,
    lossSection,
    deltaSection,
    section('section-explain', 'Explain one number', walk.element, explain.element, diagram.element),
    section('section-norms', '‖δ‖ per layer: how fast each layer learns', h('div', { class: 'equation-line' }, tex(EQUATIONS.norm)), norms.element),
    section('section-update-ratio', 'Update ratio per layer: how far each step moves the weights', h('div', { class: 'equation-line' }, tex(String.raw`\lVert\Delta W^l\rVert / \lVert W^l\rVert`)), updateRatio.element),
    section('section-gradcheck', 'Gradient check', gradcheck.element),
    weightsSection,
    createFrameFooter(transport),
  );

  let drawn = emptyMonitorState();
  const persist = throttled(() => transport.setState(encodeView(drawn, ui)), options.persistIntervalMs ?? 1000);

  function draw(state: MonitorState): void {
    drawn = state;
    const force = forceNext;
    forceNext = false;
    controls.update(state);
    slider.update(state);
    const shown = scrubbedState(state, slider.scrub);
    loss.update(state, ui);
    layers.update(shown, palettes, force, ui.deltaScale);
    deltaScaleButton.textContent = ui.deltaScale === 'perStep' ? 'shared scale' : 'scale per step';
    deltaScaleButton.setAttribute('aria-pressed', String(ui.deltaScale === 'perStep'));
    norms.update(shown);
    updateRatio.update(state);
    const cursor = cursorStep(slider.scrub);
    for (const view of [loss, layers, norms, updateRatio]) view.showStep(cursor);
    gradcheck.update(state, force);
    boundary.update(shown, palettes, force);
    weightImages.update(state, palettes, force);
    weightGradients.update(state, palettes, force);
    persist();
  }

  const requestRender = (): void => link.requestRender();

  new MutationObserver(() => {
    palettes = palettesFor(themeKindOf(document.body.classList));
    diagram.repaint(palettes);
    loss.rebuild();
    norms.rebuild();
    updateRatio.rebuild();
    forceNext = true;
    requestRender();
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });

  const link = linkToHost(transport, restored?.monitor ?? emptyMonitorState(), scheduleFrame, draw, (message) => {
    if (message.type === 'frame') slider.receiveFrame(message.step, message.frame);
    if (message.type === 'explanation') {
      explain.show(message);
      if (message.column !== null) explainedColumn = message.column;
      diagram.show(message);
      walk.answered(message, explain.element);
    }
    if (message.type === 'explainRequested') {
      explainCell(message.target);
      explain.element.scrollIntoView({ block: 'start' });
    }
  });

  const onScreen = new Map<Element, MonitorSection>([[lossSection, 'boundary'], [deltaSection, 'batch'], [weightsSection, 'weights']]);
  reportVisibleSections(onScreen, (sections) => transport.post({ type: 'visibleSections', sections }), options.watchIntersections);

  return {
    get state() { return link.state; },
    get ui() { return ui; },
    receive: link.receive,
    flush: link.render,
  };
}
