/** ‖δ^l‖ per layer over time on a log axis, a warning when layers drift apart, dead and saturated shares per layer. */
import type uPlot from 'uplot';
import type { MonitorState } from '../../src/protocol';
import { judgedShares, normSpread, type HealthKind } from '../../src/engine/monitor/health';
import { normColumns, type Column } from '../lib/series';
import { hasRecord, recordLayerLines } from '../lib/recordSeries';
import { bandedColumns, unbanded } from '../lib/bands';
import { formatNumber, formatPercent } from '../lib/numberFormat';
import { h, setText } from '../lib/dom';
import { LineChart } from './lineChart';
import { layerBandOptions } from './layerBandChart';
import { superscript } from '../lib/logAxis';
import { updateFindings } from './healthFindings';
import type { WebviewTransport } from '../lib/transport';

export interface NormView { element: HTMLElement; update(state: MonitorState): void; rebuild(): void; showStep(step: number | null): void }

export function createNormChart(transport: Pick<WebviewTransport, 'post'>): NormView {
  const container = h('div', { id: 'norm-chart', class: 'chart' });
  const warning = h('div', { id: 'norm-warning', class: 'warning', role: 'alert' });
  warning.hidden = true;
  const findings = h('ul', { id: 'health-findings', class: 'health-findings', 'aria-label': 'why the network may not be learning' });
  findings.hidden = true;
  const tableBody = h('tbody');
  const table = h('table', { id: 'layer-health', class: 'data-table' },
    h('thead', {}, h('tr', {}, h('th', {}, 'layer'), h('th', {}, 'activation'), h('th', {}, '‖δ‖'), h('th', { title: "hidden relu layers: units with σ'(z) = 0 on every sample of the batch" }, 'dead'), h('th', { title: "hidden sigmoid/tanh layers: σ'(z) entries below 0.01" }, 'saturated'))),
    tableBody);
  let layerCount = 0, cursorStep: number | null = null;
  let lastSource: unknown = null, lastSnapshot: unknown = null;
  let chart = new LineChart(container, (width) => normOptions(width, layerCount));

  return {
    element: h('div', { class: 'norm-view' }, warning, container, table, findings),
    update(state) {
      updateFindings(findings, state, transport);
      if (state.snapshot !== lastSnapshot) { lastSnapshot = state.snapshot; updateHealth(tableBody, state); }
      const source = hasRecord(state) ? state.record : state.normHistory;
      const count = state.info?.layers.length ?? state.snapshot?.layers.length ?? 0;
      if (source === lastSource && count === layerCount) return;
      lastSource = source;
      if (count !== layerCount) {
        layerCount = count;
        chart.dispose();
        chart = new LineChart(container, (width) => normOptions(width, layerCount));
        chart.showStep(cursorStep);
      }
      const { columns, latest } = normData(state, layerCount);
      chart.setData(columns as uPlot.AlignedData);
      container.dataset.points = String(columns[0].length);
      const spread = latest ? normSpread(latest) : null;
      warning.hidden = !spread?.warning;
      setText(warning, spread?.warning ?? '');
    },
    rebuild: () => chart.rebuild(),
    showStep(step) { cursorStep = step; chart.showStep(step); },
  };
}

/**
 * The chart's columns (bandedColumns: x, each layer's ‖δ^l‖ band and mean) from the record when there is one, else
 * from the live history (one value per step: no band); the latest norms.
 */
function normData(state: MonitorState, layerCount: number): { columns: Column[]; latest: number[] | null } {
  if (hasRecord(state)) {
    const { x, layers } = recordLayerLines(state.record, layerCount, 'deltaNorm');
    const last = state.record.layers.map((l) => l.deltaNorm.mean[l.deltaNorm.mean.length - 1] ?? NaN);
    return { columns: bandedColumns(x, layers), latest: last.length ? last : null };
  }
  const [x, ...lines] = normColumns(state.normHistory, layerCount);
  return { columns: bandedColumns(x, lines.map(unbanded)), latest: state.normHistory[state.normHistory.length - 1]?.norms ?? null };
}

/**
 * One row per layer: each share shown only where the layer's activation is judged on it (engine/monitor/health.ts
 * judgedShares), red only while the snapshot carries the matching finding (held over several batches).
 */
function updateHealth(body: HTMLElement, state: MonitorState): void {
  const layers = state.snapshot?.layers ?? [];
  const depth = state.info?.layers.length ?? layers.length;
  const finding = (layer: number, kind: HealthKind) => (state.snapshot?.health ?? []).some((f) => f.layer === layer && f.kind === kind);
  const rows = layers.map((l) => {
    const activation = state.info?.layers[l.layer - 1]?.activation;
    const judged = activation ? judgedShares(activation, l.layer === depth) : { dead: false, saturated: false };
    const notJudged = `not judged for ${l.layer === depth ? 'the output layer' : `a ${activation ?? 'unknown'} layer`}`;
    const share = (shown: boolean, value: number, kind: HealthKind) => shown
      ? h('td', { class: finding(l.layer, kind) ? 'bad' : '' }, formatPercent(value))
      : h('td', { class: 'meta', title: notJudged }, '–');
    return h('tr', { 'data-layer': String(l.layer) },
      h('td', {}, String(l.layer)), h('td', {}, activation ?? ''), h('td', {}, formatNumber(l.deltaNorm)),
      share(judged.dead, l.deadShare, 'dead-units'), share(judged.saturated, l.saturatedShare, 'saturated-units'));
  });
  body.replaceChildren(...rows);
}

function normOptions(width: number, layerCount: number): uPlot.Options {
  return layerBandOptions(width, layerCount, (l) => `‖δ${superscript(l)}‖`, '‖δˡ‖ (log)');
}
