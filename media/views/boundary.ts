/** 2-D data sets: the network's output over the input plane (class-1 probability, or the regression output). */
import type { BoundaryGrid, MonitorState } from '../../src/protocol';
import { symmetricLimit } from '../lib/palette';
import { formatNumber } from '../lib/numberFormat';
import { codingBound, valueText } from '../lib/codedSnapshot';
import { h, setText } from '../lib/dom';
import { pointMarks } from '../lib/planePoints';
import { HeatmapCanvas, Legend, type Palettes } from './heatmapCanvas';

/** Overlay resolution (device pixels for the 240 px square at 2× zoom). */
const OVERLAY_PIXELS = 480;

export interface BoundaryView { element: HTMLElement; update(state: MonitorState, palettes: Palettes, force: boolean): void }

/** Classification outputs are centred on the 0.5 decision threshold; regression outputs on 0. */
function boundaryCentre(task: 'classification' | 'regression' | undefined): number {
  return task === 'classification' ? 0.5 : 0;
}

export function createBoundaryView(): BoundaryView {
  const canvas = new HeatmapCanvas({ id: 'boundary', class: 'boundary', 'aria-label': 'network output over the input plane' }, () => '');
  const legend = new Legend('network output minus the decision threshold');
  const caption = h('figcaption', {}, '');
  const overlay = h('canvas', { id: 'boundary-points', class: 'boundary-points', width: OVERLAY_PIXELS, height: OVERLAY_PIXELS, 'aria-hidden': 'true' });
  const stack = h('div', { class: 'boundary-stack' }, canvas.canvas, overlay);
  const element = h('figure', { class: 'boundary-view' }, caption, stack, legend.element);
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
      const bound = grid.coded ? codingBound(grid.values) : null;
      canvas.paint({ rows: grid.size, cols: grid.size, values: centred }, limit, 'diverging', palettes, (r, c, v) => pointText(grid, r, c, v + centre, bound));
      legend.update(limit, 'diverging', palettes);
      drawPoints(overlay, state, grid, palettes);
      const pointsNote = state.points ? ' · training points filled, test points outlined' : '';
      setText(caption, (centre === 0.5 ? 'P(class 1) − 0.5 over the input plane' : 'output over the input plane') + pointsNote);
    },
  };
}

function pointText(grid: BoundaryGrid, row: number, col: number, value: number, bound: number | null): string {
  const x = grid.xMin + ((col + 0.5) / grid.size) * (grid.xMax - grid.xMin);
  const y = grid.yMax - ((row + 0.5) / grid.size) * (grid.yMax - grid.yMin);
  return `x₁ = ${formatNumber(x)}, x₂ = ${formatNumber(y)} → ${valueText('output', value, bound)}`;
}

/** Draws the run's points over the boundary: training points filled, test points hollow, in their class colour,
 * each ringed in the theme's foreground colour so it stands out from a region of its own class. */
function drawPoints(overlay: HTMLCanvasElement, state: MonitorState, grid: BoundaryGrid, palettes: Palettes): void {
  const context = overlay.getContext('2d');
  if (!context) return;
  context.clearRect(0, 0, overlay.width, overlay.height);
  if (!state.points) return;
  const classes = state.info?.task === 'classification' ? Math.max(2, state.info.classNames?.length ?? 2) : null;
  const marks = pointMarks(state.points, grid, overlay.width, overlay.height, classes, palettes.diverging);
  overlay.dataset.points = String(marks.length);
  const ring = getComputedStyle(overlay).getPropertyValue('--vscode-editor-foreground').trim() || 'rgba(0, 0, 0, 0.7)';
  for (const mark of marks) {
    context.beginPath();
    context.arc(mark.x, mark.y, mark.test ? 5 : 4.5, 0, 2 * Math.PI);
    context.strokeStyle = ring;
    context.lineWidth = mark.test ? 5 : 2;
    context.stroke();
    if (mark.test) { context.strokeStyle = mark.colour; context.lineWidth = 2.5; context.stroke(); }
    else { context.fillStyle = mark.colour; context.fill(); }
  }
}
