/** Why the network may not be learning: the findings the latest δ snapshot carries, as a list (dashboard and side view). */
import type { MonitorState } from '../../src/protocol';
import { h } from '../lib/dom';
import type { WebviewTransport } from '../lib/transport';

/**
 * The latest snapshot's health findings (held over several snapshots), one item each with a "layer l" button that
 * shows the layer in the spec (where the quick fix is); hidden when there are none.
 */
export function updateFindings(list: HTMLElement, state: MonitorState, transport: Pick<WebviewTransport, 'post'>): void {
  const health = state.snapshot?.health ?? [];
  list.hidden = health.length === 0;
  const key = health.map((f) => f.message).join('\n');
  if (list.dataset.text === key) return;
  list.dataset.text = key;
  list.replaceChildren(...health.map((f) => {
    const reveal = h('button', { type: 'button', class: 'link', title: 'Show this layer in the spec (its quick fix is there)' }, `layer ${f.layer}`);
    reveal.addEventListener('click', () => transport.post({ type: 'revealLayer', layer: f.layer }));
    return h('li', { class: 'warning', 'data-layer': String(f.layer), 'data-kind': f.kind }, reveal, ' ', h('span', {}, f.message));
  }));
}
