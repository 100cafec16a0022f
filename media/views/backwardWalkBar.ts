/**
 * "Step through the backward pass" for the explained sample: Previous / Next (buttons, or ← → on the bar; Esc leaves)
 * walk BP1 at the output, BP2 down to layer 1, then BP3/BP4 and the update. Each stop asks Explain for its unit; when
 * the answer is on screen the pane's block for that stop is marked current and the diagram highlights the layer.
 */
import type { ExplanationAnswer, SampleTrace } from '../../src/protocol';
import { backwardWalk, type WalkFocus, type WalkStop } from '../lib/backwardWalk';
import { h } from '../lib/dom';
import { tex } from './equations';

export interface BackwardWalkView {
  element: HTMLElement;
  /** An answer arrived: offers the walk for its sample, or marks the current stop's block when it is that stop's answer. */
  answered(answer: ExplanationAnswer, pane: HTMLElement): void;
}

/** The pane's blocks each focus marks (classes of media/views/explainPane.ts). */
const BLOCKS: Record<WalkFocus, string> = {
  bp1: '.explain-bp1', bp2: '.explain-bp2', gradients: '.explain-gradients, .explain-step-bias, .explain-step-weight',
};

export function createBackwardWalk(explain: (layer: number, unit: number, column: number) => void, highlightLayer: (layer: number | null) => void): BackwardWalkView {
  let sample: { trace: SampleTrace; column: number } | null = null;
  let walk: { stops: WalkStop[]; at: number; column: number } | null = null;
  const start = h('button', { type: 'button', id: 'btn-walk-start', title: 'Walk this sample\'s backward pass: BP1 at the output, BP2 layer by layer to layer 1, then BP3/BP4 and the update' }, 'Step through the backward pass');
  const previous = h('button', { type: 'button', id: 'btn-walk-previous', title: 'Previous step (←)' }, '◀ Previous');
  const next = h('button', { type: 'button', id: 'btn-walk-next', title: 'Next step (→)' }, 'Next ▶');
  const exit = h('button', { type: 'button', id: 'btn-walk-exit', title: 'Leave the step-through (Esc)' }, 'Done');
  const status = h('span', { class: 'meta walk-status', role: 'status' });
  const element = h('div', { id: 'backward-walk', class: 'backward-walk', tabindex: '0', 'aria-label': 'Step through the backward pass' }, start, previous, status, next, exit);
  const render = (): void => {
    start.hidden = walk !== null;
    for (const b of [previous, next, exit, status]) b.hidden = walk === null;
    element.hidden = sample === null && walk === null;
    if (!walk) return;
    previous.disabled = walk.at === 0;
    next.disabled = walk.at === walk.stops.length - 1;
    const { before, tex: equation, after } = walk.stops[walk.at].title;
    status.replaceChildren(`${walk.at + 1} of ${walk.stops.length}: ${before}`, tex(equation, 'equation-inline'), after);
  };
  const go = (at: number): void => {
    if (!walk || at < 0 || at >= walk.stops.length) return;
    walk.at = at;
    const stop = walk.stops[at];
    highlightLayer(stop.layer);
    explain(stop.layer, stop.unit, walk.column);
    render();
  };
  const leave = (): void => { walk = null; highlightLayer(null); render(); };
  start.addEventListener('click', () => {
    if (!sample) return;
    walk = { stops: backwardWalk(sample.trace), at: 0, column: sample.column };
    go(0);
    element.focus();
  });
  previous.addEventListener('click', () => go((walk?.at ?? 0) - 1));
  next.addEventListener('click', () => go((walk?.at ?? 0) + 1));
  exit.addEventListener('click', leave);
  element.addEventListener('keydown', (event) => {
    if (!walk) return;
    const moves: Record<string, () => void> = { ArrowLeft: () => go(walk!.at - 1), ArrowRight: () => go(walk!.at + 1), Escape: leave };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    move();
  });
  render();
  return {
    element,
    answered(answer, pane) {
      if (answer.trace && answer.column !== null) sample = { trace: answer.trace, column: answer.column };
      const stop = walk?.stops[walk.at];
      if (walk && stop && (answer.layer !== stop.layer || answer.unit !== stop.unit || answer.column !== walk.column)) leave();
      else if (stop) markCurrent(pane, BLOCKS[stop.focus]);
      render();
    },
  };
}

/** Marks the pane's blocks matching `selector` as the walk's current equation and brings the first into view. */
function markCurrent(pane: HTMLElement, selector: string): void {
  pane.querySelectorAll('.explain-current').forEach((e) => e.classList.remove('explain-current'));
  const blocks = [...pane.querySelectorAll(selector)];
  blocks.forEach((e) => e.classList.add('explain-current'));
  blocks[0]?.scrollIntoView?.({ block: 'nearest' });
}
