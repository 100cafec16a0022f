// The step-through of the backward pass: BP1 at the output, BP2 down to layer 1, then BP3/BP4 and the update.
import * as assert from 'node:assert/strict';
import type { SampleTrace } from '../../../src/protocol';
import { backwardWalk } from '../../../media/lib/backwardWalk';

const layer = (shown: number[], delta: number[]) => ({ units: 8, shown, a: shown.map(() => 0), delta, W: [], dW: [] });
const TRACE: SampleTrace = {
  loss: 1,
  layers: [layer([0, 1], []), layer([0, 3, 5], [0.1, -0.7, 0.2]), layer([0, 1, 2], [0.01, 0.02, -0.03]), layer([0, 1], [0.5, -0.5])],
};

describe('backward walk', () => {
  it('walks from the output layer down to layer 1 at each layer\'s largest |δ|, then BP3/BP4 at layer 1', () => {
    const stops = backwardWalk(TRACE);
    assert.deepEqual(stops.map((s) => [s.layer, s.unit, s.focus]), [[3, 0, 'bp1'], [2, 2, 'bp2'], [1, 3, 'bp2'], [1, 3, 'gradients']]);
    assert.deepEqual(stops[0].title, { before: 'BP1 at the output layer 3: ', tex: "\\delta^{3} = \\nabla_a E \\odot \\sigma'(z^{3})", after: ', neuron 1 (largest |δ|)' });
    assert.deepEqual(stops[1].title, { before: 'BP2 at layer 2: ', tex: "\\delta^{2} = \\big((W^{3})^{\\mathsf T}\\delta^{3}\\big) \\odot \\sigma'(z^{2})", after: ', neuron 3 (largest |δ|)' }, 'the equation as TeX, not caret text');
    assert.match(stops[3].title.before, /^BP3 and BP4 at layer 1, neuron 4/);
  });

  it('a one-layer network walks BP1, then BP3/BP4', () => {
    const stops = backwardWalk({ loss: 0, layers: [layer([0], []), layer([0, 1], [0, -2])] });
    assert.deepEqual(stops.map((s) => [s.layer, s.unit, s.focus]), [[1, 1, 'bp1'], [1, 1, 'gradients']]);
  });
});
