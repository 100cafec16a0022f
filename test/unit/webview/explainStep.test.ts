// The Explain pane's training step from real engine numbers: the batch mean beside backward()'s value, the clicked
// sample's share, and each optimizer's update line ending in the value the trainer really holds after the step (to
// the 6 digits shown); a BP4 term picks the weight; a ∂E/∂W cell (no column) shows its weight's step alone.
import * as assert from 'node:assert/strict';
import type { ExplanationAnswer, ParameterStep, WebviewToHost } from '../../../src/protocol';
import type { WebviewTransport } from '../../../media/lib/transport';
import { explainTrainingBatch, explainTrainingPosition } from '../../../src/engine/explain/requests';
import { chooseTrainer, prepareRun } from '../../../src/engine/train/run';
import { specText } from '../worker/helpers';
import { installDom } from './domEnvironment';

/** A real answer for layer 1, unit 2, batch column 3 after `steps` steps (the last one explained), with the trainer's values after it. */
function realAnswer(optimizer: Record<string, unknown>, steps: number, column: number | null, input?: number): ExplanationAnswer {
  const { spec, dataset } = prepareRun(specText({ optimizer, training: { epochs: 5, batchSize: 8 } }), () => { throw new Error('no file'); });
  const trainer = chooseTrainer(spec, dataset, { fast: false }).trainer;
  for (let s = 1; s < steps; s++) trainer.trainStep();
  const params = trainer.parameters(), state = trainer.optimizerState();
  trainer.trainStep();
  const positions = trainer.lastBatchSamples(), after = trainer.parameters()[0];
  const training = explainTrainingBatch(spec, dataset, params, state, positions, { layer: 1, unit: 2, input });
  const trained = (p: ParameterStep) => p.parameter === 'bias' ? after.biases[2] : after.weights[2 * after.fanIn + p.input!];
  const explanation = column === null ? null : explainTrainingPosition(spec, dataset, params, positions[column], 1, 2);
  return {
    layer: 1, unit: 2, column, step: steps, sample: column === null ? null : positions[column], explanation,
    training: { ...training, bias: { ...training.bias, trained: trained(training.bias) }, weight: { ...training.weight, trained: trained(training.weight) } },
  };
}

describe('Explain pane: the training step (batch mean and update)', () => {
  let dom: ReturnType<typeof installDom>;
  let createExplainPane: typeof import('../../../media/views/explainPane').createExplainPane;
  before(async () => {
    dom = installDom();
    ({ createExplainPane } = await import('../../../media/views/explainPane'));
  });
  after(() => dom.uninstall());

  const mount = () => {
    const posts: WebviewToHost[] = [];
    const transport: WebviewTransport = { post: (m) => { posts.push(m as WebviewToHost); }, onMessage: () => undefined, getState: () => undefined, setState: () => undefined };
    const pane = createExplainPane(transport);
    document.body.replaceChildren(pane.element);
    return { pane, posts };
  };
  const texOf = (selector: string) => [...document.querySelectorAll(`${selector} .equation`)].map((e) => e.getAttribute('data-tex') ?? '');
  /** The number a TeX line ends with. */
  const lastNumber = (line: string) => Number(/= (-?[\d.]+)$/.exec(line)?.[1]);

  for (const [optimizer, lines] of [
    [{ type: 'adam', learningRate: 0.05 }, ['m \\leftarrow', 'v \\leftarrow', '\\hat m = ', 'W^{1}_{3,']],
    [{ type: 'momentum', learningRate: 0.2, momentum: 0.9 }, ['v \\leftarrow \\mu v', 'W^{1}_{3,']],
    [{ type: 'sgd', learningRate: 0.5 }, ['W^{1}_{3,']],
  ] as const) {
    it(`${optimizer.type}: the update lines end in the trained values of b and W (6 digits), after the batch mean beside backward()'s`, () => {
      const { pane } = mount();
      const answer = realAnswer(optimizer, 3, 3);
      pane.show(answer);
      const t = answer.training!;
      for (const [selector, p] of [['.explain-step-bias', t.bias], ['.explain-step-weight', t.weight]] as const) {
        const update = texOf(`${selector} .explain-update`);
        assert.equal(update.length, lines.length, `${selector}: ${update.join(' | ')}`);
        update.forEach((line, i) => assert.ok(line.startsWith(lines[i].replace('W^{1}', p.parameter === 'bias' ? 'b^{1}_{3}' : 'W^{1}').replace('b^{1}_{3}_{3,', 'b^{1}_{3}')), `${selector} line ${i}: ${line}`));
        assert.equal(lastNumber(update.at(-1)!), Number(p.trained!.toPrecision(6)), `${selector}: the trainer's value after the step`);
        const [general, sum, share] = texOf(`${selector} > .explain-line`);
        assert.match(general, /^\\frac\{\\partial E\}\{\\partial (b\^\{1\}_\{3\}|W\^\{1\}_\{3,\d\})\} = \\frac\{1\}\{m\}\\sum_\{i=1\}\^\{m\}.*m = 8$/);
        const mean = /= (-?[\d.e\\times{}^-]+)\\quad\(\\text\{backward\(\): \} (.+)\)$/.exec(sum);
        assert.ok(mean && mean[1] === mean[2], `the mean equals backward()'s to the digits shown: ${sum}`);
        assert.match(share, /^\\text\{this sample's share \} \(i = 4\)/);
      }
      if (optimizer.type === 'adam') assert.ok(texOf('.explain-step-weight .explain-update')[2].includes('(t = 3)'), 'the third update');
      assert.equal(document.querySelectorAll('.explain-trained').length, 0, 'float64: no note about the trainer\'s own value');
      for (const e of document.querySelectorAll('#explain-pane .equation')) assert.ok(e.querySelector('.katex'), `typeset by KaTeX: ${e.getAttribute('data-tex')}`);
    });
  }

  it('shows the weight with the largest |∂E/∂W_jk|; a BP4 term asks for its own weight; a ∂E/∂W cell shows one weight alone', () => {
    const { pane, posts } = mount();
    const answer = realAnswer({ type: 'sgd', learningRate: 0.5 }, 2, 0);
    pane.show(answer);
    assert.match(document.querySelector('.explain-step-weight h3')!.textContent!, /the largest \|∂E\/∂W_jk\| of neuron 3/);
    const buttons = [...document.querySelectorAll<HTMLButtonElement>('.explain-gradients .explain-weight')];
    assert.equal(buttons.length, 2, 'both inputs of layer 1');
    buttons[1].click();
    assert.deepEqual(posts.at(-1), { type: 'explain', layer: 1, unit: 2, column: 0, input: Number(buttons[1].dataset.input) });
    pane.show(realAnswer({ type: 'sgd', learningRate: 0.5 }, 2, null, 1));
    assert.match(document.querySelector('.explain-status')!.textContent!, /^Layer 1, neuron 3, weight from input 2: ∂E\/∂W over the mini-batch at step 2/);
    assert.equal(document.querySelectorAll('.explain-forward, .explain-step-bias').length, 0, 'no one-sample part, no bias');
    assert.match(document.querySelector('.explain-step-weight h3')!.textContent!, /from input 2 to neuron 3 \(the one asked for\)$/);
    assert.equal(document.querySelector('.explain-step-weight h3 .equation-inline')!.getAttribute('data-tex'), 'W^{1}_{3,2}', 'the weight typeset');
    assert.equal(texOf('.explain-step-weight > .explain-line:not(.explain-update)').length, 2, 'no sample share without a column');
  });

  it('says what the trainer holds when a float32 run differs from the float64 line in the digits shown', () => {
    const { pane } = mount();
    const answer = realAnswer({ type: 'sgd', learningRate: 0.5 }, 2, 0);
    const weight = answer.training!.weight;
    pane.show({ ...answer, training: { ...answer.training!, weight: { ...weight, trained: weight.update.after + 1e-3 } } });
    const note = document.querySelector('.explain-step-weight .explain-trained')!;
    assert.match(note.querySelector('.equation-inline')!.getAttribute('data-tex')!, /^W\^\{1\}_\{3,\d\} = -?[\d.]+$/, 'the weight and its value typeset');
    assert.ok(note.querySelector('.katex'));
    assert.match(note.textContent!, /^The trainer holds .* after the step: it computes in float32, this line in float64\.$/);
  });
});
