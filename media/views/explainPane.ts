/**
 * The Explain pane: the arithmetic behind one δ cell (layer l, neuron j, one sample of the last mini-batch) in KaTeX:
 * the forward sum z_j and a_j = σ(z_j), BP1 or BP2 term by term, BP3 and BP4 for the sample, then the step training
 * took: the batch means of ∂E/∂b_j and ∂E/∂W_jk and the optimizer's update of both. Each BP2 term is a link that
 * explains unit k of layer l + 1 for the same sample (walking the chain backward toward the output); each BP4 term
 * picks the weight W_jk whose step is shown. A ∂E/∂W cell shows the step part for its weight alone.
 */
import type { ExplainTarget, ExplanationAnswer, Frame, ParameterStep, SampleTrace, TrainingStepExplanation, UnitExplanation } from '../../src/protocol';
import type { WebviewTransport } from '../lib/transport';
import { forwardTex, gradientTex, hiddenTex, outputTex, weightGradientTex } from '../lib/explainTex';
import { batchMeanTex, parameterTex, trainedNote, updateTex } from '../lib/explainStepTex';
import { formatNumber } from '../lib/numberFormat';
import { h, setText } from '../lib/dom';
import { tex } from './equations';
import { frameCellTex, frameSentence, type FrameRun } from './explainFrame';
import { saturationNote } from '../lib/explainSaturation';

/** BP2 terms shown as links at most (every term for layers up to this width). */
export const MAX_TERM_LINKS = 64;

export interface ExplainPaneView {
  element: HTMLElement;
  /** Asks the host to explain `target` and shows that the answer is on its way. */
  request(target: ExplainTarget): void;
  /** Shows the host's answer: the equations, or its sentence when it could not explain. */
  show(answer: ExplanationAnswer): void;
  /** Shows a sentence instead of an explanation. */
  refuse(sentence: string): void;
  /**
   * A cell of a recorded frame (a past step under the slider), or of the last snapshot of a run without a worker
   * (`ended`): says its weights are not kept and shows what the frame holds; `explainWithFinalWeights` adds a button
   * that explains the cell with the weights the run ended with instead.
   */
  showFrame(frame: Frame, target: ExplainTarget, run: FrameRun, ended?: boolean, explainWithFinalWeights?: () => void): void;
}

/** Links of the pane: BP2 terms walk to layer l + 1, BP4 terms choose the weight whose step is shown. */
interface PaneLinks { explainNext(unit: number): void; chooseWeight(input: number): void }

export function createExplainPane(transport: WebviewTransport): ExplainPaneView {
  const status = h('p', { class: 'meta explain-status', role: 'status' }, 'Click a cell of a δ map (the right-most map of a layer) or of a ∂E/∂W map to see the arithmetic behind it. The run must be paused; press Step first.');
  const body = h('div', { class: 'explain-body' });
  const element = h('div', { id: 'explain-pane', class: 'explain-pane' }, status, body);
  const view: ExplainPaneView = {
    element,
    request(target) {
      const what = target.column === null ? `the weight from input ${(target.input ?? 0) + 1}` : `batch column ${target.column + 1}`;
      setText(status, `Explaining layer ${target.layer}, neuron ${target.unit + 1}, ${what}${target.finalWeights ? ' with the final weights (a copy of the run steps once from them)' : ''}…`);
      transport.post({ type: 'explain', ...target });
    },
    show(answer) {
      if (!answer.explanation && !answer.training) return view.refuse(answer.error ?? 'No explanation.');
      setText(status, headline(answer));
      element.classList.remove('explain-refused');
      const same = answer.finalWeights ? { finalWeights: true as const } : {}; // a link keeps explaining with the final weights
      const links: PaneLinks = {
        explainNext: (unit) => view.request({ layer: answer.layer + 1, unit, column: answer.column, ...same }),
        chooseWeight: (input) => view.request({ layer: answer.layer, unit: answer.unit, column: answer.column, input, ...same }),
      };
      body.replaceChildren(...(answer.explanation ? sections(answer.explanation, links, answer.trace) : []), ...stepSections(answer));
    },
    refuse(sentence) {
      setText(status, sentence);
      element.classList.add('explain-refused');
      body.replaceChildren();
    },
    showFrame(frame, target, run, ended = false, explainWithFinalWeights) {
      const cell = frameCellTex(frame, target, run);
      view.refuse(frameSentence(frame.step, ended, !!explainWithFinalWeights));
      const button = explainWithFinalWeights && h('button', { type: 'button', class: 'explain-final-weights', title: 'A paused copy of the run steps one mini-batch from the weights it ended with and explains this neuron for that batch' }, 'Explain with the final weights');
      button?.addEventListener('click', explainWithFinalWeights!);
      const title = `Layer ${target.layer}, neuron ${target.unit + 1}: what ${ended ? 'the last snapshot' : 'the frame'} of step ${frame.step} holds${cell?.rule ? ` (BP1, ${cell.rule})` : ''}`;
      const note = cell?.note ? [h('p', { class: 'meta explain-saturation' }, cell.note)] : [];
      body.replaceChildren(...(cell ? [block(title, 'explain-frame', ...cell.lines, ...note)] : []), ...(button ? [button] : []));
    },
  };
  return view;
}

/** Which number the pane explains, in words. */
function headline(answer: ExplanationAnswer): string {
  const e = answer.explanation;
  const stateful = answer.training && answer.training.bias.update.type !== 'sgd'; // momentum's v, Adam's m and v
  const afresh = stateful ? `; the copy's ${answer.training!.bias.update.type} starts afresh, as its state is not saved` : '';
  const batch = answer.finalWeights
    ? `the mini-batch a copy of the run stepped from its final weights (step ${answer.step}${afresh})`
    : `the mini-batch at step ${answer.step}`;
  if (!e) return `Layer ${answer.layer}, neuron ${answer.unit + 1}, weight from input ${(answer.training?.weight.input ?? 0) + 1}: ∂E/∂W over ${batch}.`;
  const sample = answer.sample === null || answer.column === null ? '' : `sample ${answer.sample} (batch column ${answer.column + 1}) `;
  return `Layer ${e.layer} of ${e.depth}, neuron ${e.unit + 1}: ${sample}of ${batch}; its loss E_x = ${formatNumber(e.loss)} (${e.lossName}).`;
}

/** A titled block of equation lines; the title's parts are text or typeset symbols. */
function block(title: string | (string | HTMLElement)[], className: string, ...lines: (string | HTMLElement)[]): HTMLElement {
  return h('div', { class: `explain-block ${className}` }, h('h3', {}, ...(typeof title === 'string' ? [title] : title)),
    ...lines.map((line) => typeof line === 'string' ? h('div', { class: 'explain-line' }, tex(line)) : line));
}

function sections(e: UnitExplanation, links: PaneLinks, trace?: SampleTrace): HTMLElement[] {
  const sentence = saturationNote(e, trace);
  const note = sentence ? [h('p', { class: 'meta explain-saturation' }, sentence)] : [];
  const backward = e.output
    ? block(`Backward, output layer (BP1, ${e.output.name})`, 'explain-bp1', ...outputTex(e), ...note)
    : block('Backward, hidden layer (BP2)', 'explain-bp2', hiddenTex.rule(e), termLinks(e, links.explainNext), hiddenTex.result(e), ...note);
  return [
    block('Forward', 'explain-forward', ...forwardTex(e)),
    backward,
    block('Gradients for this sample (BP3, BP4)', 'explain-gradients', ...gradientTex(e), weightLinks(e, links.chooseWeight)),
  ];
}

/** The step training took: the batch mean and update of b_j (δ cells only) and of the shown W_jk. */
function stepSections(answer: ExplanationAnswer): HTMLElement[] {
  const t: TrainingStepExplanation | undefined = answer.training;
  if (!t) return [];
  const which = t.chosen === 'largest' ? `the largest |∂E/∂W_jk| of neuron ${t.weight.unit + 1}; click a BP4 term above to choose another` : 'the one asked for';
  const w = t.weight, b = t.bias;
  const weight = stepBlock(w, answer.column, ['Training step of the weight ', symbol(parameterTex(w)), ` from input ${w.input! + 1} to neuron ${w.unit + 1} (${which})`], 'explain-step-weight');
  if (!answer.explanation) return [weight];
  return [stepBlock(b, answer.column, ['Training step of the bias ', symbol(parameterTex(b)), ` of neuron ${b.unit + 1}: the batch mean, then ${b.update.type}`], 'explain-step-bias'), weight];
}

/** One parameter's batch mean and update, and the trainer's own value when it differs in the digits shown. */
function stepBlock(p: ParameterStep, column: number | null, title: (string | HTMLElement)[], className: string): HTMLElement {
  const note = trainedNote(p);
  const update = updateTex(p).map((line) => h('div', { class: 'explain-line explain-update' }, tex(line)));
  const trained = note && h('p', { class: 'meta explain-trained' }, 'The trainer holds ', symbol(note.value), ` after the step: ${note.why}`);
  return block(title, className, ...batchMeanTex(p, column), ...update, ...(trained ? [trained] : []));
}

/** A symbol (or a short equation) typeset inline in a sentence or heading. */
function symbol(source: string): HTMLElement {
  return tex(source, 'equation-inline');
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

/** BP4's largest entries for this sample, each a button that shows the training step of that weight W_jk. */
function weightLinks(e: UnitExplanation, chooseWeight: (input: number) => void): HTMLElement {
  return h('div', { class: 'explain-terms' }, ...weightGradientTex(e).map(({ k, line }) => {
    const link = h('button', { type: 'button', class: 'link explain-weight', 'data-input': String(k), title: `Show the training step of W^${e.layer}_${e.unit + 1},${k + 1}` }, tex(line));
    link.addEventListener('click', () => chooseWeight(k));
    return link;
  }));
}
