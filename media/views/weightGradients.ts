/** BP3/BP4: ∂E/∂b^l = δ^l and ∂E/∂W^l = δ^l (a^{l−1})ᵀ, drawn as a units × fan-in heatmap when snapshots carry dW. */
import type { MonitorState } from '../../src/protocol';
import { symmetricLimit } from '../lib/palette';
import { formatNumber } from '../lib/diagnose';
import { h } from '../lib/dom';
import { HeatmapCanvas, Legend, type Palettes } from './heatmapCanvas';
import { EQUATIONS, tex } from './equations';

export interface WeightGradientView { element: HTMLElement; update(state: MonitorState, palettes: Palettes, force: boolean): void }

export function createWeightGradientView(): WeightGradientView {
  const maps = h('div', { class: 'weight-gradients' });
  const note = h('p', { class: 'empty' }, 'The snapshots of this run carry no ∂E/∂W (weight gradients are sent only when a run asks for them).');
  const element = h('div', {}, h('div', { class: 'equation-line' }, tex(EQUATIONS.bp3), tex(EQUATIONS.bp4)), note, maps);
  let last: unknown = null;

  return {
    element,
    update(state, palettes, force) {
      if (!force && state.snapshot === last) return;
      last = state.snapshot;
      const layers = (state.snapshot?.layers ?? []).filter((l) => l.dW);
      note.hidden = layers.length > 0;
      maps.replaceChildren(...layers.map((l) => {
        const canvas = new HeatmapCanvas({ class: 'dw-heatmap', 'data-layer': String(l.layer) }, () => '');
        const legend = new Legend('∂E/∂W');
        const limit = symmetricLimit(l.dW!);
        canvas.paint({ rows: l.units, cols: l.fanIn, values: l.dW! }, limit, 'diverging', palettes,
          (j, k, v) => `layer ${l.layer} · ∂E/∂w[${j + 1},${k + 1}] = ${formatNumber(v)}`);
        legend.update(limit, 'diverging', palettes);
        return h('figure', { class: 'heatmap-panel' }, h('figcaption', {}, `∂E/∂W${l.layer} (${l.units} × ${l.fanIn})`), canvas.canvas, legend.element);
      }));
    },
  };
}
