// The network diagram of the explained sample: layout (pure), then the view in a DOM: shown for an answer with a
// trace, hidden without one, "+N more" for a trimmed layer, and a click on a unit explains that unit.
import * as assert from 'node:assert/strict';
import type { ExplanationAnswer, SampleTrace } from '../../../src/protocol';
import { diagramLayout, drawOrder, nodeAt, scaled } from '../../../media/lib/diagramLayout';
import { drawnTexts, installDom } from './domEnvironment';

/** Input 3 units (2 shown), hidden 2, output 2. */
const TRACE: SampleTrace = {
  loss: 0.25,
  layers: [
    { units: 3, shown: [0, 2], a: [0.5, -1], delta: [], W: [], dW: [] },
    { units: 2, shown: [0, 1], a: [0.2, 0.9], delta: [0.01, -0.02], W: [1, -2, 0.5, 0.25], dW: [0.005, -0.01, -0.01, 0.02] },
    { units: 2, shown: [0, 1], a: [0.3, 0.7], delta: [0.3, -0.3], W: [0.1, 0.2, -0.3, 0.4], dW: [0.06, 0.27, -0.06, -0.27] },
  ],
};
const answer = (trace?: SampleTrace): ExplanationAnswer => ({ layer: 2, unit: 1, column: 3, step: 4, sample: 17, explanation: null, ...(trace ? { trace } : {}) });

describe('network diagram', () => {
  it('layout: one column per layer left to right, units top to bottom; nodeAt finds the nearest node within reach', () => {
    const layout = diagramLayout(TRACE, 400);
    assert.deepEqual(layout.nodes.map((column) => column.length), [2, 2, 2]);
    const xs = layout.nodes.map((column) => column[0].x);
    assert.ok(xs[0] < xs[1] && xs[1] < xs[2], `columns left to right: ${xs}`);
    assert.ok(layout.nodes[1][0].y < layout.nodes[1][1].y);
    const target = layout.nodes[2][1];
    assert.deepEqual(nodeAt(layout, target.x + 1, target.y - 1), target);
    assert.equal(nodeAt(layout, (xs[0] + xs[1]) / 2, 2), null, 'between columns, above the nodes: nothing');
    assert.equal(layout.nodes[0][1].unit, 2, 'a trimmed layer keeps the shown units\' own numbers');
  });

  it('scaled divides by the largest |value| (zeros and non-finite values stay 0); drawOrder puts the strongest last', () => {
    assert.deepEqual(scaled([1, -4, 2]), [0.25, -1, 0.5]);
    assert.deepEqual(scaled([0, 0]), [0, 0]);
    assert.deepEqual(scaled([NaN, 2]), [0, 1]);
    assert.deepEqual(drawOrder([0.5, -1, 0.1]), [2, 0, 1]);
  });

  describe('in a DOM', () => {
    let dom: ReturnType<typeof installDom>;
    let createNetworkDiagram: typeof import('../../../media/views/networkDiagram').createNetworkDiagram;
    let palettesFor: typeof import('../../../media/views/heatmapCanvas').palettesFor;
    before(async () => {
      dom = installDom();
      ({ createNetworkDiagram } = await import('../../../media/views/networkDiagram'));
      ({ palettesFor } = await import('../../../media/views/heatmapCanvas'));
    });
    after(() => dom.uninstall());

    it('draws an answer\'s trace (labels, "+1 more"), hides without one, and a click on a unit explains it', () => {
      const explained: [number, number][] = [];
      const view = createNetworkDiagram(palettesFor('dark'), (layer, unit) => explained.push([layer, unit]));
      document.body.append(view.element);
      assert.equal(view.element.hidden, true, 'nothing explained yet');
      view.show(answer(TRACE));
      assert.equal(view.element.hidden, false);
      const canvas = view.element.querySelector('canvas.network-diagram') as HTMLCanvasElement;
      assert.deepEqual(drawnTexts.get(canvas)?.map((t) => t.text), ['input', '+1 more', 'layer 1', 'layer 2']);
      assert.match(view.element.querySelector('.diagram-caption')!.textContent!, /2 of 3–2–2 units shown.*ringed: layer 2, neuron 2/);
      const layout = diagramLayout(TRACE, 520);
      canvas.getBoundingClientRect = () => ({ left: 10, top: 20, width: 520, height: layout.height }) as DOMRect;
      const click = (x: number, y: number) => canvas.dispatchEvent(new MouseEvent('click', { clientX: 10 + x, clientY: 20 + y, bubbles: true }));
      click(layout.nodes[1][1].x, layout.nodes[1][1].y);
      click(layout.nodes[0][0].x, layout.nodes[0][0].y);
      assert.deepEqual(explained, [[1, 1]], 'a hidden unit explains; an input unit has nothing to explain');
      (view.element.querySelector('#btn-diagram-nodes') as HTMLButtonElement).click();
      assert.equal(view.element.querySelector('#btn-diagram-nodes')!.textContent, 'units: a');
      view.show(answer());
      assert.equal(view.element.hidden, true, 'an answer without a trace hides the diagram');
    });
  });
});
