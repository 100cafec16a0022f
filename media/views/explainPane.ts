/**
 * The Explain pane: the arithmetic behind one δ cell (layer l, neuron j, one sample of the last mini-batch) in KaTeX:
 * the forward sum z_j and a_j = σ(z_j), BP1 or BP2 term by term, BP3 and BP4. Each BP2 term is a link that explains
 * unit k of layer l + 1 for the same sample (walking the chain backward toward the output).
 */
import type { ExplainTarget, ExplanationAnswer, UnitExplanation } from '../../src/protocol';
import type { WebviewTransport } from '../lib/transport';
import { forwardTex, gradientTex, hiddenTex, outputTex } from '../lib/explainTex';
import { formatNumber } from '../lib/diagnose';
import { h, setText } from '../lib/dom';
import { tex } from './equations';

/** BP2 terms shown as links at most (every term for layers up to this width). */
export const MAX_TERM_LINKS = 64;

export interface ExplainPaneView {
  element: HTMLElement;
  /** Asks the host to explain `target` and shows that the answer is on its way. */
  request(target: ExplainTarget): void;
  /** Shows the host's answer: the equations, or its sentence when it could not explain. */
  show(answer: ExplanationAnswer): void;
  /** Shows a sentence instead of an explanation (e.g. a past frame is on screen). */
  refuse(sentence: string): void;
}

export function createExplainPane(transport: WebviewTransport): ExplainPaneView {
  const status = h('p', { class: 'meta explain-status', role: 'status' }, 'Click a cell of a δ map (the right-most map of a layer) to see the arithmetic behind it. The run must be paused; press Step first.');
  const body = h('div', { class: 'explain-body' });
  const element = h('div', { id: 'explain-pane', class: 'explain-pane' }, status, body);
  const view: ExplainPaneView = {
    element,
    request(target) {
      setText(status, `Explaining layer ${target.layer}, neuron ${target.unit + 1}, batch column ${target.column + 1}…`);
      transport.post({ type: 'explain', ...target });
    },
    show(answer) {
      if (!answer.explanation) return view.refuse(answer.error ?? 'No explanation.');
      setText(status, headline(answer));
      element.classList.remove('explain-refused');
      body.replaceChildren(...sections(answer.explanation, (unit) => view.request({ layer: answer.layer + 1, unit, column: answer.column })));
    },
    refuse(sentence) {
      setText(status, sentence);
      element.classList.add('explain-refused');
      body.replaceChildren();
    },
  };
  return view;
}

/** Which number the pane explains, in words. */
function headline(answer: ExplanationAnswer): string {
  const e = answer.explanation!;
  const sample = answer.sample === null ? '' : `sample ${answer.sample} (batch column ${answer.column + 1}) `;
  return `Layer ${e.layer} of ${e.depth}, neuron ${e.unit + 1}: ${sample}of the mini-batch at step ${answer.step}; its loss E_x = ${formatNumber(e.loss)} (${e.lossName}).`;
}

/** A titled block of equation lines. */
function block(title: string, className: string, ...lines: (string | HTMLElement)[]): HTMLElement {
  return h('div', { class: `explain-block ${className}` }, h('h3', {}, title),
    ...lines.map((line) => typeof line === 'string' ? h('div', { class: 'explain-line' }, tex(line)) : line));
}

function sections(e: UnitExplanation, explainNext: (unit: number) => void): HTMLElement[] {
  const backward = e.output
    ? block(`Backward, output layer (BP1${e.output.kind === 'fused' ? `: ${e.lossName} over ${e.activation}, σ′ cancels` : ''})`, 'explain-bp1', ...outputTex(e))
    : block('Backward, hidden layer (BP2)', 'explain-bp2', hiddenTex.rule(e), termLinks(e, explainNext), hiddenTex.result(e));
  return [
    block('Forward', 'explain-forward', ...forwardTex(e)),
    backward,
    block('Gradients for this sample (BP3, BP4)', 'explain-gradients', ...gradientTex(e)),
  ];
}

/** BP2's terms sorted by |product|, each a button that explains unit k of layer l + 1. */
function termLinks(e: UnitExplanation, explainNext: (unit: number) => void): HTMLElement {
  const terms = e.hidden!.terms;
  const links = terms.slice(0, MAX_TERM_LINKS).map((t) => {
    const link = h('button', { type: 'button', class: 'link explain-term', 'data-unit': String(t.k), title: `Explain neuron ${t.k + 1} of layer ${e.layer + 1} for this sample` }, tex(hiddenTex.term(e, t)));
    link.addEventListener('click', () => explainNext(t.k));
    return link;
  });
  const more = terms.length > MAX_TERM_LINKS ? [h('span', { class: 'meta' }, `and ${terms.length - MAX_TERM_LINKS} smaller terms`)] : [];
  return h('div', { class: 'explain-terms' }, ...links, ...more);
}
