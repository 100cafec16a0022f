// The Explain pane from a fixed explanation: the forward sum's largest 8 terms and "and N more", BP2's terms as links
// that explain unit k of layer l + 1 for the same sample, BP1's fused form, and the host's sentence when it cannot.
import * as assert from 'node:assert/strict';
import type { ExplanationAnswer, Frame, LayerInfo, ParameterStep, UnitExplanation, WebviewToHost } from '../../../src/protocol';
import type { WebviewTransport } from '../../../media/lib/transport';
import { installDom } from './domEnvironment';

/** Layer 1 of 2 (tanh, 10 inputs), neuron 3 (unit 2); layer 2 has 3 units. Products and sums are exact here. */
function hiddenExplanation(): UnitExplanation {
  const inputs = [0.5, -1, 0.25, 2, -0.5, 1, 0.1, -0.2, 0.01, 0.02];
  const terms = inputs.map((input, k) => ({ k, weight: 0.1 * (k + 1), input, product: 0.1 * (k + 1) * input }))
    .sort((p, q) => Math.abs(q.product) - Math.abs(p.product));
  const backward = [{ k: 1, weight: 2, delta: -0.25, product: -0.5 }, { k: 0, weight: 0.5, delta: 0.5, product: 0.25 }, { k: 2, weight: -1, delta: 0.125, product: -0.125 }];
  return {
    layer: 1, unit: 2, depth: 2, activation: 'tanh', lossName: 'cross_entropy', loss: 0.693,
    z: 0.4, a: 0.38, sigmaPrime: 0.8556, delta: -0.375 * 0.8556,
    forward: { terms, bias: 0.1 },
    output: null, hidden: { terms: backward, sum: -0.375 },
    dW: inputs.map((x) => x * -0.375 * 0.8556), db: -0.375 * 0.8556,
  };
}

function outputExplanation(): UnitExplanation {
  return {
    layer: 2, unit: 1, depth: 2, activation: 'softmax', lossName: 'cross_entropy', loss: 0.5,
    z: 1.5, a: 0.75, sigmaPrime: null, delta: -0.25,
    forward: { terms: [{ k: 0, weight: 1, input: 1, product: 1 }], bias: 0.5 },
    output: { kind: 'fused', name: 'cross_entropy over softmax: δ = a − y, σ′ cancels', target: 1, dEda: -1.333, product: null, jacobianRow: null }, hidden: null, dW: [-0.25], db: -0.25,
  };
}

/** An Adam step of W^1_{3,2} whose gradient 2e-5 is written in exponent form (its square needs parentheses). */
function adamStep(parameter: 'weight' | 'bias'): ParameterStep {
  const g = 2e-5;
  return {
    parameter, layer: 1, unit: 2, input: parameter === 'weight' ? 1 : null,
    batch: { m: 1, shares: [{ column: 4, delta: g, input: 1, product: g }], sum: g, mean: g, engine: g },
    update: {
      type: 'adam', learningRate: 0.01, batchGradient: g, l2: 0, gradient: g, before: 0.5, step: -0.01, after: 0.49, velocity: null,
      adam: { t: 1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, mBefore: 0, vBefore: 0, m: 0.1 * g, v: 0.001 * g * g, mHat: g, vHat: g * g },
    },
  };
}

/** Every equation of the pane is typeset: a KaTeX error would leave its TeX source as text instead. */
function assertTypeset(): void {
  const equations = [...document.querySelectorAll('#explain-pane .equation, #explain-pane .equation-inline')];
  assert.ok(equations.length > 0, 'the pane shows equations');
  for (const e of equations) assert.ok(e.querySelector('.katex'), `not typeset: ${e.getAttribute('data-tex')}`);
}

describe('Explain pane in a DOM', () => {
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
  const answer = (explanation: UnitExplanation | null, error?: string): ExplanationAnswer =>
    ({ layer: explanation?.layer ?? 1, unit: explanation?.unit ?? 0, column: 4, step: 12, sample: 37, explanation, ...(error ? { error } : {}) });
  const texOf = (selector: string) => [...document.querySelectorAll(`${selector} .equation`)].map((e) => e.getAttribute('data-tex') ?? '');

  it('shows the forward sum: its 8 largest terms, "and 2 more" with their sum, b and z; then a = tanh(z)', () => {
    const { pane } = mount();
    pane.show(answer(hiddenExplanation()));
    const [general, sum, activation] = texOf('.explain-forward');
    assert.equal(general, 'z^{1}_{3} = \\sum_{k} W^{1}_{3k}\\,a^{0}_{k} + b^{1}_{3}');
    assert.equal(sum.match(/_\{k=\d+\}/g)?.length, 8, 'eight terms shown');
    assert.ok(sum.startsWith('= \\underbrace{0.4\\cdot 2}_{k=4} + \\underbrace{0.6\\cdot 1}_{k=6}'), `largest first: ${sum}`);
    // the two smallest: 0.9 · 0.01 + 1 · 0.02 = 0.029
    assert.ok(sum.includes('\\underbrace{0.029}_{\\text{and 2 more: }\\Sigma}'), sum);
    assert.ok(sum.endsWith('+ \\underbrace{0.1}_{b} = 0.4'), sum);
    assert.equal(activation, 'a^{1}_{3} = \\tanh(z^{1}_{3}) = \\tanh(0.4) = 0.38');
    assertTypeset();
    assert.match(document.querySelector('.explain-status')!.textContent!, /Layer 1 of 2, neuron 3: sample 37 \(batch column 5\) of the mini-batch at step 12/);
  });

  it('shows BP2 term by term sorted by |product|, Σ × σ′ = δ, and a term click explains that unit of layer l + 1 for the same column', () => {
    const { pane, posts } = mount();
    pane.show(answer(hiddenExplanation()));
    const links = [...document.querySelectorAll<HTMLButtonElement>('.explain-bp2 .explain-term')];
    assert.deepEqual(links.map((b) => b.dataset.unit), ['1', '0', '2']);
    assert.equal(links[0].querySelector('.equation')!.getAttribute('data-tex'), 'W^{2}_{2,3}\\,\\delta^{2}_{2} = 2\\cdot (-0.25) = -0.5');
    const lines = texOf('.explain-bp2 > .explain-line');
    assert.equal(lines.at(-1), '\\Sigma = -0.375,\\quad \\delta^{1}_{3} = (-0.375)\\cdot 0.856 = -0.321');
    links[2].click();
    assert.deepEqual(posts.at(-1), { type: 'explain', layer: 2, unit: 2, column: 4 });
    assert.match(document.querySelector('.explain-status')!.textContent!, /Explaining layer 2, neuron 3, batch column 5/);
    const gradients = texOf('.explain-gradients');
    assert.equal(gradients[0], '\\frac{\\partial E_x}{\\partial b^{1}_{3}} = \\delta^{1}_{3} = -0.321');
    assert.equal(gradients.length, 2 + 8, 'BP3, BP4 in general, and the 8 largest entries');
    assertTypeset();
  });

  it("typesets every block of an Adam step whose gradient is in exponent form (v ← … g²: a double superscript before)", () => {
    const { pane } = mount();
    pane.show({ ...answer(hiddenExplanation()), training: { m: 1, chosen: 'largest', bias: adamStep('bias'), weight: adamStep('weight') } });
    assert.ok(texOf('.explain-step-weight .explain-update').some((line) => line.includes('\\left(2.00\\times 10^{-5}\\right)^{2}')));
    assertTypeset();
  });

  it("shows BP1's fused form at a softmax/cross-entropy output, then the host's sentence when it cannot explain", () => {
    const { pane } = mount();
    pane.show(answer(outputExplanation()));
    assert.deepEqual(texOf('.explain-bp1'), ['\\delta^{2}_{2} = a^{2}_{2} - y_{2} = 0.75 - 1 = -0.25']);
    assertTypeset();
    assert.equal(document.querySelectorAll('.explain-term').length, 0, 'no BP2 links at the output');
    pane.show(answer(null, 'Pause the run to explain a number: the weights change every step.'));
    assert.equal(document.querySelector('.explain-status')!.textContent, 'Pause the run to explain a number: the weights change every step.');
    assert.equal(document.querySelectorAll('.explain-block').length, 0, 'the old explanation is gone');
  });

  it("a recorded frame's output cell shows the engine's BP1 (cross-entropy over sigmoid: the fused a − y), not ∂E/∂a · σ′ of a saturated unit (9e15 · 0 = 0)", () => {
    const { pane } = mount();
    const layers: LayerInfo[] = [{ layer: 1, units: 2, activation: 'tanh', fanIn: 2 }, { layer: 2, units: 1, activation: 'sigmoid', fanIn: 2 }];
    const cells = (delta: number, upstream: number, sigmaPrime: number) => ({ delta: Float32Array.of(delta), upstream: Float32Array.of(upstream), sigmaPrime: Float32Array.of(sigmaPrime), deltaMean: Float32Array.of(delta), deltaNorm: 1, deadShare: 0, saturatedShare: 1 });
    const frame = { step: 40, epoch: 1, layers: [{ layer: 2, units: 1, batchSize: 1, fanIn: 2, ...cells(1, 9e15, 0) }] } as Frame;
    pane.showFrame(frame, { layer: 2, unit: 0, column: 0 }, { layers, loss: 'cross_entropy' });
    const [delta, factors] = texOf('.explain-frame');
    assert.equal(delta, '\\delta^{2}_{1} = a^{2}_{1} - y_{1} = 1\\quad(\\text{step 40, batch column 1})');
    assert.match(factors, /not multiplied/);
    assert.match(document.querySelector('.explain-frame h3')!.textContent!, /\(BP1, cross_entropy over sigmoid: δ = a − y, σ′ cancels\)$/);
    assert.equal(document.querySelector('.explain-frame .explain-saturation')!.textContent, 'The output is saturated: ∂E/∂a · σ′ = 9.00e15 · 0 = 0, while training\'s a − y keeps δ = 1.');
    pane.showFrame(frame, { layer: 2, unit: 0, column: 0 }, { layers, loss: 'mse' });
    assert.equal(texOf('.explain-frame')[1], "\\delta^{2}_{1} = \\frac{\\partial E_x}{\\partial a^{2}_{1}}\\,\\sigma'(z^{2}_{1}) = 9.00\\times 10^{15}\\cdot 0 = 1", 'mse over sigmoid: the product, with the recorded δ');
    assertTypeset();
  });

  it('headings typeset their symbols: the training step of b^1_3 and W^1_{3,2}', () => {
    const { pane } = mount();
    pane.show({ ...answer(hiddenExplanation()), training: { m: 1, chosen: 'largest', bias: adamStep('bias'), weight: adamStep('weight') } });
    const symbols = (selector: string) => [...document.querySelectorAll(`${selector} h3 .katex`)].length;
    assert.equal(symbols('.explain-step-bias'), 1);
    assert.equal(symbols('.explain-step-weight'), 1);
    assert.doesNotMatch(document.querySelector('.explain-step-weight h3 .equation-inline')!.getAttribute('data-tex')!, /\^1_/);
    assert.equal(document.querySelector('.explain-step-weight h3 .equation-inline')!.getAttribute('data-tex'), 'W^{1}_{3,2}');
  });

  it('says in a sentence when the output is saturated (δ = 6.6e−41 beside E_x = 0) or σ′ is, and not for an ordinary unit', () => {
    const { pane } = mount();
    const sigmoidOut = { ...outputExplanation(), activation: 'sigmoid' as const, loss: 0, z: -92.5, a: 6.6e-41, sigmaPrime: 6.6e-41, delta: 6.6e-41, dW: [6.6e-41], db: 6.6e-41,
      output: { kind: 'fused' as const, name: 'cross_entropy over sigmoid: δ = a − y, σ′ cancels', target: 0, dEda: 1, product: 6.6e-41, jacobianRow: null } };
    pane.show(answer(sigmoidOut));
    const note = () => document.querySelector('.explain-saturation')?.textContent ?? null;
    assert.match(note()!, /^The output is saturated: a = 6\.60e−41 sits on its target y = 0, so δ = a − y = 6\.60e−41 is tiny but exact/);
    assert.match(note()!, /E_x = 0 is float64 rounding/);
    const tanh = { ...hiddenExplanation(), z: 20, a: 1, sigmaPrime: 1.7e-17, delta: -0.375 * 1.7e-17 };
    pane.show(answer(tanh));
    assert.match(note()!, /^σ′\(z\) = 1\.70e−17 at z = 20: the unit is saturated/);
    pane.show(answer(hiddenExplanation()));
    assert.equal(note(), null, 'an ordinary unit needs no sentence');
  });
});
