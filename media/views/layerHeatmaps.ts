/**
 * Per-layer δ: neurons × time (batch-mean δ^l_j per snapshot) and, for the current mini-batch, the BP2 factors
 * (W^{l+1})ᵀδ^{l+1} (∇_a E at the output) and σ'(z^l) beside their product δ^l (neurons × samples).
 */
import type { ExplainTarget, LayerInfo, LayerSnapshotMessage, MonitorState } from '../../src/protocol';
import type { WebviewTransport } from '../lib/transport';
import type { UiState } from '../lib/persist';
import { normalizeColumns, timeMatrix, valueAt, type Matrix } from '../lib/heatmap';
import { hasRecord, recordTimeMatrix } from '../lib/recordSeries';
import { sigmaPrimeMax, symmetricLimit } from '../lib/palette';
import { formatNumber } from '../lib/numberFormat';
import { codingBound, valueText } from '../lib/codedSnapshot';
import { h, setText } from '../lib/dom';
import { HeatmapCanvas, Legend, type Palettes } from './heatmapCanvas';
import { EQUATIONS, tex } from './equations';

export interface LayerHeatmapsView {
  element: HTMLElement;
  update(state: MonitorState, palettes: Palettes, force: boolean, scale: UiState['deltaScale']): void;
  /** The step slider's cursor on every neurons × time map: a vertical line on the column holding `step` (null: none). */
  showStep(step: number | null): void;
}

interface LayerRow {
  info: LayerInfo;
  element: HTMLElement;
  time: Panel;
  upstream: Panel;
  sigmaPrime: Panel;
  delta: Panel;
  stepLabel: HTMLElement;
  timeCaption: HTMLElement;
  /** The step slider's cursor over the neurons × time map, and the step each of the map's columns ends at. */
  timeCursor: HTMLElement;
  timeSteps: number[];
  /** How the upstream factor reads in tooltips: ∇ₐE at the output, (W^{l+1})ᵀδ^{l+1} below. */
  upstreamName: string;
}

/** `explain` is called with a clicked cell of a batch δ map: layer, unit (0-based) and the batch column. */
export function createLayerHeatmaps(transport: WebviewTransport, explain?: (target: ExplainTarget) => void): LayerHeatmapsView {
  const element = h('div', { id: 'layer-heatmaps', class: 'layer-heatmaps' });
  const empty = h('p', { class: 'empty' }, 'δ heatmaps appear with the first snapshot of a run.');
  element.append(empty);
  let rows: LayerRow[] = [];
  let layersKey = '';
  let lastSnapshot: unknown = null, lastHistory: unknown = null, lastScale: unknown = null;
  let cursorStep: number | null = null;

  return {
    element,
    update(state, palettes, force, scale) {
      const layers = state.info?.layers ?? [];
      const key = layers.map((l) => `${l.layer}:${l.units}:${l.activation}`).join(',');
      if (key !== layersKey) {
        layersKey = key;
        rows = layers.map((info) => createRow(info, layers.length, transport, explain));
        element.replaceChildren(...(rows.length ? rows.map((r) => r.element) : [empty]));
        force = true;
      }
      if (scale !== lastScale) force = true;
      const history = hasRecord(state) ? state.record : state.deltaHistory;
      const historyChanged = force || history !== lastHistory;
      if (!historyChanged && state.snapshot === lastSnapshot) return;
      lastSnapshot = state.snapshot; lastHistory = history; lastScale = scale;
      rows.forEach((row, i) => {
        if (historyChanged) {
          paintTime(row, timeMatrixOf(state, i, row.info.units), palettes, scale);
          placeTimeCursor(row, cursorStep);
        }
        // A PyTorch run records δ, not its factors σ′(z) and the upstream term: those maps are hidden, not drawn as zeros.
        row.upstream.element.hidden = row.sigmaPrime.element.hidden = state.info?.source === 'pytorch';
        const layer = state.snapshot?.layers[i];
        if (layer && layer.units === row.info.units) paintBatch(row, layer, state.snapshot!.step, palettes, !!state.snapshot!.coded);
        else clearBatch(row);
      });
    },
    showStep(step) {
      cursorStep = step;
      for (const row of rows) placeTimeCursor(row, step);
    },
  };
}

/** The cursor at the middle of the map's column that holds `step` (the first ending at or after it); hidden without one. */
function placeTimeCursor(row: LayerRow, step: number | null): void {
  const column = step === null ? -1 : row.timeSteps.findIndex((last) => last >= step);
  row.timeCursor.hidden = column < 0;
  if (column < 0) return void delete row.timeCursor.dataset.step;
  row.timeCursor.dataset.step = String(step);
  row.timeCursor.style.left = `${((column + 0.5) / row.timeSteps.length) * 100}%`;
}

interface Panel { canvas: HeatmapCanvas; legend: Legend; element: HTMLElement; caption: HTMLElement }

/** A captioned heatmap with its legend; `cursor` (the step slider's line) is laid over the map. */
function panel(title: HTMLElement | string, canvas: HeatmapCanvas, legendLabel: string, cursor?: HTMLElement): Panel {
  const legend = new Legend(legendLabel);
  const caption = h('figcaption', {}, title);
  const map = cursor ? h('div', { class: 'time-strip' }, canvas.canvas, cursor) : canvas.canvas;
  return { canvas, legend, caption, element: h('figure', { class: 'heatmap-panel' }, caption, map, legend.element) };
}

function createRow(info: LayerInfo, layerCount: number, transport: WebviewTransport, explain?: (target: ExplainTarget) => void): LayerRow {
  const isOutput = info.layer === layerCount;
  const l = info.layer;
  const timeCursor = h('div', { class: 'step-cursor', 'aria-hidden': 'true' });
  timeCursor.hidden = true;
  const time = panel('mean δ over time', new HeatmapCanvas({ class: 'delta-heatmap', 'data-layer': String(l), 'aria-label': `Layer ${l}: batch-mean δ per neuron over time` }, () => ''), 'mean δ^l_j', timeCursor);
  const upstream = panel(tex(isOutput ? EQUATIONS.gradient : EQUATIONS.upstream), new HeatmapCanvas({ class: 'upstream-heatmap', 'data-layer': String(l) }, () => ''), 'upstream');
  const sigmaPrime = panel(tex(EQUATIONS.sigmaPrime), new HeatmapCanvas({ class: 'sigma-heatmap', 'data-layer': String(l) }, () => ''), "σ'(z)");
  const delta = panel(tex(EQUATIONS.delta), new HeatmapCanvas({ class: 'batch-heatmap', 'data-layer': String(l) }, () => ''), 'δ');
  if (explain) delta.canvas.onCellChosen((unit, column) => explain({ layer: l, unit, column }));
  const reveal = h('button', { type: 'button', class: 'link', title: 'Show this layer in the spec' }, `layer ${l}`);
  reveal.addEventListener('click', () => transport.post({ type: 'revealLayer', layer: l }));
  const equation = tex(isOutput ? (info.activation === 'softmax' ? EQUATIONS.bp1Softmax : EQUATIONS.bp1) : EQUATIONS.bp2);
  const stepLabel = h('span', { class: 'meta' });
  const header = h('div', { class: 'layer-header' }, reveal, h('span', { class: 'meta' }, `${info.units} units · ${info.activation}${isOutput ? ' · output' : ''}`), equation, stepLabel);
  const factors = h('div', { class: 'factors', title: 'current mini-batch: neurons × samples' }, upstream.element, h('span', { class: 'operator' }, info.activation === 'softmax' && isOutput ? '→' : '⊙'), sigmaPrime.element, h('span', { class: 'operator' }, '='), delta.element);
  const element = h('section', { class: 'layer-row', 'data-layer': String(l) }, header, h('div', { class: 'layer-maps' }, time.element, factors));
  return { info, element, time, upstream, sigmaPrime, delta, stepLabel, timeCaption: time.caption, timeCursor, timeSteps: [], upstreamName: isOutput ? '∇ₐE' : `(W${l + 1})ᵀδ${l + 1}` };
}

/** Layer `index`'s neurons × time map: from the record when there is one, else the live δ-mean history. */
function timeMatrixOf(state: MonitorState, index: number, units: number): Matrix & { steps: number[] } {
  const fromRecord = hasRecord(state) ? recordTimeMatrix(state.record, index) : null;
  return fromRecord && fromRecord.rows === units ? fromRecord : timeMatrix(state.deltaHistory[index] ?? [], units);
}

function paintTime(row: LayerRow, m: Matrix & { steps: number[] }, palettes: Palettes, scale: UiState['deltaScale']): void {
  const shown = scale === 'perStep' ? normalizeColumns(m) : m;
  const limit = scale === 'perStep' ? 1 : symmetricLimit(m.values);
  row.timeSteps = m.steps;
  row.time.canvas.paint(shown, limit, 'diverging', palettes, (j, t) => `layer ${row.info.layer} · neuron ${j + 1} · step ${m.steps[t]} · mean δ = ${formatNumber(valueAt(m, j, t))}`);
  row.time.legend.update(limit, 'diverging', palettes);
  setText(row.timeCaption, scale === 'perStep' ? 'mean δ over time, ÷ each step’s max |δ|' : 'mean δ over time');
}

/** No snapshot yet (a new run): the factor maps are emptied rather than left showing the previous run. */
function clearBatch(row: LayerRow): void {
  const none: Matrix = { rows: 0, cols: 0, values: [] };
  for (const p of [row.upstream, row.sigmaPrime, row.delta]) p.canvas.paint(none, 0, 'diverging', EMPTY_PALETTES);
  setText(row.stepLabel, '');
}

const EMPTY_PALETTES: Palettes = { diverging: new Uint8ClampedArray(0), sequential: new Uint8ClampedArray(0) };

/** The batch maps of `layer`; `coded`: its values are decoded 16-bit codes, and the tooltips say how close they are. */
function paintBatch(row: LayerRow, layer: LayerSnapshotMessage, step: number, palettes: Palettes, coded: boolean): void {
  const shape = (values: Float32Array): Matrix => ({ rows: layer.units, cols: layer.batchSize, values });
  const describe = (name: string, values: Float32Array) => {
    const bound = coded ? codingBound(values) : null;
    return (j: number, c: number, v: number) => `layer ${layer.layer} · neuron ${j + 1} · sample ${c + 1} · step ${step} · ${valueText(name, v, bound)}`;
  };
  const upstreamLimit = symmetricLimit(layer.upstream);
  row.upstream.canvas.paint(shape(layer.upstream), upstreamLimit, 'diverging', palettes, describe(row.upstreamName, layer.upstream));
  row.upstream.legend.update(upstreamLimit, 'diverging', palettes);
  const sigmaLimit = sigmaPrimeMax(row.info.activation, layer.sigmaPrime);
  row.sigmaPrime.canvas.paint(shape(layer.sigmaPrime), sigmaLimit, 'sequential', palettes, describe("σ'(z)", layer.sigmaPrime));
  row.sigmaPrime.legend.update(sigmaLimit, 'sequential', palettes);
  const deltaLimit = symmetricLimit(layer.delta);
  row.delta.canvas.paint(shape(layer.delta), deltaLimit, 'diverging', palettes, describe('δ', layer.delta));
  row.delta.legend.update(deltaLimit, 'diverging', palettes);
  setText(row.stepLabel, `batch of ${layer.batchSize} at step ${step}`);
}
