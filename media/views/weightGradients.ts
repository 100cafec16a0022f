/** BP3/BP4: ∂E/∂b^l = δ^l and ∂E/∂W^l = δ^l (a^{l−1})ᵀ, drawn as a units × fan-in heatmap when snapshots carry dW. */
import type { ExplainTarget, MonitorState } from '../../src/protocol';
import type { WebviewTransport } from '../lib/transport';
import { symmetricLimit } from '../lib/palette';
import { codingBound, valueText } from '../lib/codedSnapshot';
import { h } from '../lib/dom';
import { HeatmapCanvas, Legend, type Palettes } from './heatmapCanvas';
import { EQUATIONS, tex } from './equations';

export interface WeightGradientView { element: HTMLElement; update(state: MonitorState, palettes: Palettes, force: boolean): void }

/** Whether the latest snapshot carries ∂E/∂W (what the #btn-dw toggle shows and flips). */
function showsWeightGradients(state: MonitorState): boolean {
  return (state.snapshot?.layers ?? []).some((l) => l.dW);
}

/**
 * The heatmaps plus the #btn-dw toggle, which asks the host to switch ∂E/∂W on or off for the running run; `explain`
 * is called with a clicked cell (j, k): weight W_jk over the whole batch (column null).
 */
export function createWeightGradientView(transport: WebviewTransport, explain?: (target: ExplainTarget) => void): WeightGradientView {
  const maps = h('div', { class: 'weight-gradients' });
  const note = h('p', { class: 'empty' }, 'The snapshots of this run carry no ∂E/∂W: press “Show ∂E/∂W” while it runs or is paused.');
  const toggle = h('button', { id: 'btn-dw', type: 'button', title: 'Send ∂E/∂W^l with the snapshots of the running run (on demand: it costs a units × fan-in copy per layer)' }, 'Show ∂E/∂W');
  const tools = h('div', { class: 'view-tools' }, toggle);
  const element = h('div', {}, tools, h('div', { class: 'equation-line' }, tex(EQUATIONS.bp3), tex(EQUATIONS.bp4)), note, maps);
  let last: unknown = null;
  let showing = false;
  toggle.addEventListener('click', () => transport.post({ type: 'setWeightGradients', enabled: !showing }));

  return {
    element,
    update(state, palettes, force) {
      showing = showsWeightGradients(state);
      toggle.textContent = showing ? 'Hide ∂E/∂W' : 'Show ∂E/∂W';
      toggle.setAttribute('aria-pressed', String(showing));
      toggle.disabled = !(state.state === 'running' || state.state === 'starting' || state.state === 'paused');
      if (!force && state.snapshot === last) return;
      last = state.snapshot;
      const layers = (state.snapshot?.layers ?? []).filter((l) => l.dW);
      note.hidden = layers.length > 0;
      maps.replaceChildren(...layers.map((l) => {
        const canvas = new HeatmapCanvas({ class: 'dw-heatmap', 'data-layer': String(l.layer) }, () => '');
        if (explain) canvas.onCellChosen((unit, input) => explain({ layer: l.layer, unit, column: null, input }));
        const legend = new Legend('∂E/∂W');
        const limit = symmetricLimit(l.dW!);
        const bound = state.snapshot?.coded ? codingBound(l.dW!) : null;
        canvas.paint({ rows: l.units, cols: l.fanIn, values: l.dW! }, limit, 'diverging', palettes,
          (j, k, v) => `layer ${l.layer} · ${valueText(`∂E/∂w[${j + 1},${k + 1}]`, v, bound)}`);
        legend.update(limit, 'diverging', palettes);
        return h('figure', { class: 'heatmap-panel' }, h('figcaption', {}, `∂E/∂W${l.layer} (${l.units} × ${l.fanIn})`), canvas.canvas, legend.element);
      }));
    },
  };
}
