import * as assert from 'node:assert/strict';
import type { LayerSnapshotMessage, MonitorState, RunInfo } from '../../../src/protocol';
import type { ActivationName } from '../../../src/engine/spec/types';
import type { HealthFinding } from '../../../src/engine/monitor/health';
import { emptyMonitorState } from '../../../media/lib/state';
import { drawnTexts, installDom } from './domEnvironment';

const ACTIVATIONS: ActivationName[] = ['relu', 'sigmoid', 'tanh', 'softmax'];

function info(activations: ActivationName[]): RunInfo {
  return {
    runId: 'r', specPath: '/w/a.nn.json', name: 'a', task: 'classification', classNames: null, inputSize: 2,
    layers: activations.map((activation, i) => ({ layer: i + 1, units: 3, activation, fanIn: 3 })),
    epochs: 1, stepsPerEpoch: 1, batchSize: 2, learningRate: 0.1, trainCount: 2, testCount: 0, precision: 'float32', seed: 1,
  };
}

function layer(l: number, deadShare: number, saturatedShare: number): LayerSnapshotMessage {
  const zeros = new Float32Array(6);
  return { layer: l, units: 3, batchSize: 2, fanIn: 3, delta: zeros, sigmaPrime: zeros, upstream: zeros, deltaMean: new Float32Array(3), deltaNorm: 1e-3, deadShare, saturatedShare };
}

/** A state whose ‖δ^l‖ spans 1e-7 … 0.3 over 50 steps, with the given shares and findings in its snapshot. */
function stateWith(shares: [number, number][], health: HealthFinding[] = []): MonitorState {
  const normHistory = Array.from({ length: 50 }, (_, t) => ({ step: t + 1, norms: ACTIVATIONS.map((_a, l) => 0.3 * 10 ** (-(l * 2) - t / 25)) }));
  return {
    ...emptyMonitorState(), info: info(ACTIVATIONS), state: 'running', normHistory, deltaHistory: ACTIVATIONS.map(() => []),
    snapshot: { step: 50, epoch: 1, layers: shares.map(([dead, saturated], i) => layer(i + 1, dead, saturated)), health },
  };
}

describe('‖δ‖ chart and layer health table', function () {
  let dom: ReturnType<typeof installDom>;
  let createNormChart: typeof import('../../../media/views/normChart').createNormChart;
  before(async () => {
    dom = installDom();
    ({ createNormChart } = await import('../../../media/views/normChart'));
  });
  after(() => dom.uninstall());
  beforeEach(() => { document.body.replaceChildren(); });

  const mount = (state: MonitorState) => {
    const view = createNormChart({ post: () => undefined });
    document.body.append(view.element);
    view.update(state);
    return view;
  };

  it('labels the log axis with decades only: no "0", one grid line per label, at most a handful', async () => {
    mount(stateWith(ACTIVATIONS.map(() => [0, 0])));
    await new Promise((resolve) => setTimeout(resolve, 20)); // uPlot draws in a microtask after setData
    const canvas = document.querySelector('#norm-chart canvas')!;
    const yLabels = (drawnTexts.get(canvas) ?? []).filter((t) => t.align === 'right').map((t) => t.text);
    assert.ok(yLabels.length >= 2, `y tick labels drawn: ${JSON.stringify(yLabels)}`);
    assert.ok(yLabels.length <= 8, `a calm axis, not ${yLabels.length} labels: ${JSON.stringify(yLabels)}`);
    assert.ok(!yLabels.includes('0'), `no "0" on a log axis: ${JSON.stringify(yLabels)}`);
    assert.equal(new Set(yLabels).size, yLabels.length, `every label distinct: ${JSON.stringify(yLabels)}`);
    for (const label of yLabels) assert.match(label, /^(1|10|100|0\.1|0\.01|0\.001|10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/, `"${label}" is a power of ten`);
  });

  const cells = () => [...document.querySelectorAll('#layer-health tbody tr')].map((row) => {
    const [, , , dead, saturated] = [...row.querySelectorAll('td')];
    return { dead: dead.textContent, deadBad: dead.classList.contains('bad'), saturated: saturated.textContent, saturatedBad: saturated.classList.contains('bad') };
  });

  it('judges each share only where its activation can show it: relu dead, hidden sigmoid/tanh saturated, output not judged', () => {
    mount(stateWith([[0.2, 0.55], [0, 0.4], [0, 0.3], [0, 1]]));
    const [relu, sigmoid, tanh, softmax] = cells();
    assert.equal(relu.dead, '20%');
    assert.equal(relu.saturated, '–', 'relu has no saturated share to judge');
    assert.equal(sigmoid.dead, '–');
    assert.equal(sigmoid.saturated, '40%');
    assert.equal(tanh.saturated, '30%');
    assert.deepEqual([softmax.dead, softmax.saturated], ['–', '–'], 'a confident softmax output is not saturation');
    assert.ok(cells().every((c) => !c.deadBad && !c.saturatedBad), 'nothing is red without a finding');
  });

  it('colours a share red only when the health finding for that layer holds', () => {
    const findings: HealthFinding[] = [
      { layer: 1, kind: 'dead-units', message: 'dead' },
      { layer: 2, kind: 'saturated-units', message: 'saturated' },
    ];
    mount(stateWith([[0.6, 0], [0, 0.95], [0, 0.95], [0, 1]], findings));
    const [relu, sigmoid, tanh, softmax] = cells();
    assert.equal(relu.deadBad, true);
    assert.equal(sigmoid.saturatedBad, true);
    assert.equal(tanh.saturatedBad, false, 'no finding for layer 3 (not yet held over the window): not red');
    assert.equal(softmax.saturatedBad, false);
  });
});
