/** Live loss: train (per step) and test (per epoch) loss, accuracies on a second axis, linear/log toggle, hover values. */
import type uPlot from 'uplot';
import type { MonitorState } from '../../src/protocol';
import type { UiState } from '../lib/persist';
import { lossColumns } from '../lib/series';
import { hasRecord, recordLossColumns } from '../lib/recordSeries';
import { formatNumber } from '../lib/numberFormat';
import { h } from '../lib/dom';
import { LineChart, chartTheme, themedAxis, themedLogAxis } from './lineChart';

export interface LossView { element: HTMLElement; update(state: MonitorState, ui: UiState): void; rebuild(): void; showStep(step: number | null): void }

/** `onScaleToggle` stores the new scale in the UI state (persisted by the app). */
export function createLossChart(onScaleToggle: (scale: UiState['lossScale']) => void): LossView {
  const container = h('div', { id: 'loss-chart', class: 'chart' });
  const toggle = h('button', { id: 'btn-loss-scale', type: 'button', title: 'Switch the loss axis between linear and log' }, 'log scale');
  let scale: UiState['lossScale'] = 'linear';
  let lastLosses: unknown = null, lastEpochs: unknown = null, lastScale: unknown = null;
  const chart = new LineChart(container, (width) => lossOptions(width, scale === 'log'));
  toggle.addEventListener('click', () => onScaleToggle(scale === 'log' ? 'linear' : 'log'));

  return {
    element: h('div', { class: 'loss-view' }, h('div', { class: 'view-tools' }, toggle), container),
    update(state, ui) {
      const losses = hasRecord(state) ? state.record : state.losses;
      if (losses === lastLosses && state.epochs === lastEpochs && ui.lossScale === lastScale) return;
      const scaleChanged = lastScale !== null && ui.lossScale !== lastScale;
      lastLosses = losses; lastEpochs = state.epochs; lastScale = scale = ui.lossScale;
      toggle.textContent = scale === 'log' ? 'linear scale' : 'log scale';
      toggle.setAttribute('aria-pressed', String(scale === 'log'));
      const columns = hasRecord(state) ? recordLossColumns(state.record, state.info?.stepsPerEpoch ?? 1, scale === 'log') : lossColumns(state.losses, state.epochs, scale === 'log');
      chart.setData(columns as uPlot.AlignedData, scaleChanged);
      container.dataset.points = String(columns[0].length);
    },
    rebuild: () => chart.rebuild(),
    showStep: (step) => chart.showStep(step),
  };
}

function lossOptions(width: number, log: boolean): uPlot.Options {
  const theme = chartTheme();
  const value = (_u: uPlot, v: number | null): string => (v === null ? '–' : formatNumber(v));
  return {
    width, height: 220,
    scales: { x: { time: false }, loss: log ? { distr: 3 } : {}, acc: { range: [0, 1] } },
    cursor: { drag: { x: true, y: false } },
    axes: [
      themedAxis(theme, { label: 'step' }),
      (log ? themedLogAxis : themedAxis)(theme, { scale: 'loss', label: 'loss E' }),
      themedAxis(theme, { scale: 'acc', side: 1, label: 'accuracy', grid: { show: false } }),
    ],
    series: [
      { label: 'step' },
      { label: 'train loss', scale: 'loss', stroke: theme.series[0], width: 1.5, spanGaps: true, value },
      { label: 'test loss', scale: 'loss', stroke: theme.series[1], width: 2, spanGaps: true, points: { show: true, size: 5 }, value },
      { label: 'train acc', scale: 'acc', stroke: theme.series[2], width: 1, spanGaps: true, dash: [4, 3], value },
      { label: 'test acc', scale: 'acc', stroke: theme.series[3], width: 1, spanGaps: true, dash: [2, 2], value },
    ],
  };
}
