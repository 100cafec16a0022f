/** Image inputs: each of the first units' weight rows w^1_j as a side × side picture, on one symmetric diverging scale. */
import type { FirstLayerWeights, MonitorState } from '../../src/protocol';
import { paintDiverging } from '../lib/heatmap';
import { symmetricLimit } from '../lib/palette';
import { h, putPixels, setText } from '../lib/dom';
import { Legend, type Palettes } from './heatmapCanvas';

export interface WeightImagesView { element: HTMLElement; update(state: MonitorState, palettes: Palettes, force: boolean): void }

/** Unit j's weights (row j of W^1) as a side × side matrix. */
function unitImage(weights: FirstLayerWeights, unit: number): { rows: number; cols: number; values: Float32Array } {
  return { rows: weights.side, cols: weights.side, values: weights.values.subarray(unit * weights.fanIn, (unit + 1) * weights.fanIn) };
}

export function createWeightImagesView(): WeightImagesView {
  const caption = h('figcaption', {}, '');
  const grid = h('div', { id: 'weight-images', class: 'weight-images' });
  const legend = new Legend('first-layer weight');
  const element = h('figure', { class: 'weight-images-view' }, caption, grid, legend.element);
  element.hidden = true;
  let last: unknown = null;

  return {
    element,
    update(state, palettes, force) {
      const weights = state.firstLayerWeights ?? null;
      element.hidden = !weights;
      if (!weights || (!force && weights === last)) return;
      last = weights;
      const limit = symmetricLimit(weights.values);
      const canvases = Array.from({ length: weights.units }, (_, j) => {
        const canvas = h('canvas', { class: 'weight-image', 'data-unit': String(j + 1), title: `unit ${j + 1}: w¹_${j + 1} as a ${weights.side} × ${weights.side} image` });
        putPixels(canvas, weights.side, weights.side, (pixels) => paintDiverging(pixels, unitImage(weights, j), limit, palettes.diverging));
        return canvas;
      });
      grid.replaceChildren(...canvases);
      legend.update(limit, 'diverging', palettes);
      setText(caption, `W¹ rows of the first ${weights.units} units as ${weights.side} × ${weights.side} images (step ${weights.step})`);
    },
  };
}
