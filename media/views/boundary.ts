/** 2-D data sets: the network's output over the input plane (class-1 probability, or the regression output). */
import type { BoundaryGrid, MonitorState } from '../../src/protocol';
import { symmetricLimit } from '../lib/palette';
import { formatNumber } from '../lib/diagnose';
import { h, setText } from '../lib/dom';
import { HeatmapCanvas, Legend, type Palettes } from './heatmapCanvas';

export interface BoundaryView { element: HTMLElement; update(state: MonitorState, palettes: Palettes, force: boolean): void }

/** Classification outputs are centred on the 0.5 decision threshold; regression outputs on 0. */
export function boundaryCentre(task: 'classification' | 'regression' | undefined): number {
  return task === 'classification' ? 0.5 : 0;
}

export function createBoundaryView(): BoundaryView {
  const canvas = new HeatmapCanvas({ id: 'boundary', class: 'boundary', 'aria-label': 'network output over the input plane' }, () => '');
  const legend = new Legend('network output minus the decision threshold');
  const caption = h('figcaption', {}, '');
  const element = h('figure', { class: 'boundary-view' }, caption, canvas.canvas, legend.element);
  element.hidden = true;
  let last: unknown = null;

  return {
    element,
    update(state, palettes, force) {
      const grid = state.boundary;
      element.hidden = !grid;
      if (!grid || (!force && grid === last)) return;
      last = grid;
      const centre = boundaryCentre(state.info?.task);
      const centred = grid.values.map((v) => v - centre);
      const limit = centre === 0.5 ? 0.5 : symmetricLimit(centred);
      canvas.paint({ rows: grid.size, cols: grid.size, values: centred }, limit, 'diverging', palettes, (r, c, v) => pointText(grid, r, c, v + centre));
      legend.update(limit, 'diverging', palettes);
      setText(caption, centre === 0.5 ? 'P(class 1) − 0.5 over the input plane' : 'output over the input plane');
    },
  };
}

function pointText(grid: BoundaryGrid, row: number, col: number, value: number): string {
  const x = grid.xMin + ((col + 0.5) / grid.size) * (grid.xMax - grid.xMin);
  const y = grid.yMax - ((row + 0.5) / grid.size) * (grid.yMax - grid.yMin);
  return `x₁ = ${formatNumber(x)}, x₂ = ${formatNumber(y)} → output ${formatNumber(value)}`;
}
