/** Why the network may not be learning: the findings the latest δ snapshot carries, as a list (dashboard and side view). */
import type { MonitorState } from '../../src/protocol';
import { h } from '../lib/dom';

/** The latest snapshot's health findings (held over several snapshots), one item each; hidden when there are none. */
export function updateFindings(list: HTMLElement, state: MonitorState): void {
  const health = state.snapshot?.health ?? [];
  list.hidden = health.length === 0;
  const text = health.map((f) => f.message);
  if (list.dataset.text === text.join('\n')) return;
  list.dataset.text = text.join('\n');
  list.replaceChildren(...health.map((f, i) => h('li', { class: 'warning', 'data-layer': String(f.layer), 'data-kind': f.kind }, text[i])));
}

