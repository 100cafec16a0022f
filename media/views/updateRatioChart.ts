/**
 * The update ratio ‖ΔW^l‖/‖W^l‖ = ‖W⁺ − W⁻‖/‖W⁺‖ per layer over steps (how far one step moves a layer's weights, from
 * the record), on a log axis, each layer's mean inside its [min, max] band.
 */
import type uPlot from 'uplot';
import type { MonitorState } from '../../src/protocol';
import { hasRecord, recordLayerLines } from '../lib/recordSeries';
import { bandedColumns } from '../lib/bands';
import { superscript } from '../lib/logAxis';
import { h } from '../lib/dom';
import { LineChart } from './lineChart';
import { layerBandOptions } from './layerBandChart';

export interface UpdateRatioView { element: HTMLElement; update(state: MonitorState): void; rebuild(): void; showStep(step: number | null): void }

export function createUpdateRatioChart(): UpdateRatioView {
  const container = h('div', { id: 'update-ratio-chart', class: 'chart' });
  const empty = h('p', { class: 'empty' }, 'The update ratio appears with the run’s record.');
  let layerCount = 0, cursorStep: number | null = null, lastRecord: unknown = null;
  const options = (width: number) => layerBandOptions(width, layerCount, (l) => `‖ΔW${superscript(l)}‖/‖W${superscript(l)}‖`, '‖ΔWˡ‖/‖Wˡ‖ (log)');
  let chart = new LineChart(container, options);

  return {
    element: h('div', { class: 'update-ratio-view' }, empty, container),
    update(state) {
      const record = hasRecord(state) ? state.record : null;
      const count = state.info?.layers.length ?? record?.layers.length ?? 0;
      if (record === lastRecord && count === layerCount) return;
      lastRecord = record;
      empty.hidden = record !== null;
      container.hidden = record === null;
      if (count !== layerCount) {
        layerCount = count;
        chart.dispose();
        chart = new LineChart(container, options);
        chart.showStep(cursorStep);
      }
      if (!record) return;
      const { x, layers } = recordLayerLines(record, layerCount, 'updateRatio');
      chart.setData(bandedColumns(x, layers) as uPlot.AlignedData);
      container.dataset.points = String(x.length);
    },
    rebuild: () => chart.rebuild(),
    showStep(step) { cursorStep = step; chart.showStep(step); },
  };
}
