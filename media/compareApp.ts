/**
 * The Compare Runs panel: two or more saved runs overlaid. Loss and accuracy per epoch (train solid, test dashed),
 * ‖δ^l‖ per layer as small multiples on one shared log range and step range, a legend listing the runs oldest first and
 * naming what each run's spec changes against the oldest, and the final ‖δ^l‖ per layer and run as a table.
 */
import type uPlot from 'uplot';
import type { ComparedRun, HostToWebview } from '../src/protocol';
import type { WebviewTransport } from './lib/transport';
import { accuracyOverlay, finalNorms, layerCount, legendText, lossOverlay, normOverlay, sharedNormRange, sharedStepRange } from './lib/compare';
import { formatNumber } from './lib/numberFormat';
import { bandedSeries } from './lib/bands';
import { superscript } from './lib/logAxis';
import { h } from './lib/dom';
import { LineChart, chartTheme, themedAxis, themedLogAxis } from './views/lineChart';

export interface CompareApp { readonly runs: readonly ComparedRun[]; receive(message: HostToWebview): void }

export function createCompareApp(root: HTMLElement, transport: WebviewTransport): CompareApp {
  let runs: ComparedRun[] = [];
  let charts: LineChart[] = [];
  const empty = h('p', { class: 'empty' }, 'Pick two or more runs with Backprop Lens: Compare Runs…');
  root.replaceChildren(empty);

  const render = (): void => {
    for (const chart of charts) chart.dispose();
    charts = [];
    if (runs.length === 0) return void root.replaceChildren(empty);
    const colours = chartTheme().series;
    const colour = (i: number) => colours[i % colours.length];
    const chart = (id: string, cls: string, options: (width: number) => uPlot.Options, data: (number | null)[][]) => {
      const container = h('div', { id, class: cls });
      const c = new LineChart(container, options);
      charts.push(c);
      queueMicrotask(() => c.setData(data as uPlot.AlignedData));
      container.dataset.series = String(data.length - 1);
      return container;
    };
    const pairs = (label: string) => runs.flatMap((r, i): uPlot.Series[] => [
      { label: `${r.label} train ${label}`, stroke: colour(i), width: 1.5, spanGaps: true },
      { label: `${r.label} test ${label}`, stroke: colour(i), width: 1.5, dash: [5, 4], spanGaps: true },
    ]);
    const epochChart = (label: string, range?: uPlot.Scale['range']) => (width: number): uPlot.Options => ({
      width, height: 200, legend: { show: false },
      scales: { x: { time: false }, y: range ? { range } : {} },
      axes: [themedAxis(chartTheme(), { label: 'epoch' }), themedAxis(chartTheme(), { label })],
      series: [{ label: 'epoch' }, ...pairs(label)],
    });
    /** Each run's line in its colour inside its [min, max] band (normOverlay's columns). */
    const bandedNormSeries = (): Pick<uPlot.Options, 'series' | 'bands' | 'hooks'> => {
      const { series, bands, hooks } = bandedSeries(runs.map((r, i): uPlot.Series => ({ label: r.label, stroke: colour(i), width: 1.5, spanGaps: true })), formatNumber);
      return { series: [{ label: 'step' }, ...series], bands, hooks };
    };
    const yRange = sharedNormRange(runs), xRange = sharedStepRange(runs);
    const normChart = (l: number) => (width: number): uPlot.Options => ({
      width, height: 190, legend: { show: false }, // ~95 px of plot under the step axis: three decades labelled
      scales: { x: { time: false, range: () => xRange }, y: { distr: 3, ...(yRange ? { range: () => yRange } : {}) } },
      axes: [themedAxis(chartTheme(), { label: 'step' }), themedLogAxis(chartTheme(), { label: `‖δ${superscript(l)}‖` })],
      ...bandedNormSeries(),
    });
    const depth = layerCount(runs);
    const multiples = Array.from({ length: depth }, (_, k) => {
      const l = depth - k; // output layer first, the input's neighbour last: δ flows backwards
      return h('figure', { class: 'norm-multiple', 'data-layer': String(l) }, h('figcaption', {}, `layer ${l}${l === depth ? ' (output)' : ''}`),
        chart(`compare-norm-${l}`, 'chart', normChart(l), normOverlay(runs, l)));
    });
    root.replaceChildren(
      h('h2', {}, `Comparing ${runs.length} runs`),
      legend(runs, colour),
      h('section', { class: 'panel' }, h('h3', {}, 'Loss (train solid, test dashed)'), chart('compare-loss', 'chart', epochChart('loss'), lossOverlay(runs)),
        h('h3', {}, 'Accuracy'), chart('compare-accuracy', 'chart', epochChart('accuracy', () => [0, 1]), accuracyOverlay(runs))),
      h('section', { class: 'panel' }, h('h3', {}, '‖δˡ‖ per layer, output first: one log scale and one step range for all'),
        h('div', { id: 'compare-norms', class: 'norm-multiples' }, ...multiples), finalTable(runs, colour)),
    );
  };

  // A theme change (the body's vscode-light/-dark class) redraws everything in the new theme's chart colours.
  new MutationObserver(() => render()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  transport.onMessage((message) => {
    if (message.type !== 'compare') return;
    runs = message.runs;
    render();
  });
  transport.post({ type: 'ready' });
  return { get runs() { return runs; }, receive: (message) => { if (message.type === 'compare') { runs = message.runs; render(); } } };
}

function swatch(colour: string): HTMLElement {
  const s = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  s.style.background = colour;
  return s;
}

/** One entry per run, oldest first: colour, label, and what its spec changes against the oldest (the reference). */
function legend(runs: readonly ComparedRun[], colour: (i: number) => string): HTMLElement {
  return h('ul', { id: 'compare-legend', class: 'compare-legend' }, ...runs.map((run, i) => {
    const text = legendText(run, i);
    return h('li', { title: text.title, 'data-run': String(i) }, swatch(colour(i)), h('span', { class: 'run-label' }, text.label), ' ', h('span', { class: 'changes' }, text.changes));
  }));
}

/** ‖δ^l‖ at each run's last recorded step: rows are layers (output first), columns runs. */
function finalTable(runs: readonly ComparedRun[], colour: (i: number) => string): HTMLElement {
  const rows = finalNorms(runs).map((norms, k) => ({ l: k + 1, norms })).reverse();
  return h('table', { id: 'compare-final-norms', class: 'data-table' },
    h('thead', {}, h('tr', {}, h('th', {}, 'layer'), ...runs.map((r, i) => h('th', {}, swatch(colour(i)), ` ‖δˡ‖ ${r.label}`)))),
    h('tbody', {}, ...rows.map(({ l, norms }) => h('tr', { 'data-layer': String(l) }, h('td', {}, String(l)), ...norms.map((n) => h('td', {}, formatNumber(n)))))));
}
