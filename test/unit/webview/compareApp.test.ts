import * as assert from 'node:assert/strict';
import type { ComparedRun, HostToWebview, RunInfo } from '../../../src/protocol';
import type { WebviewTransport } from '../../../media/lib/transport';
import { finalNorms, legendText, sharedNormRange } from '../../../media/lib/compare';
import { installDom } from './domEnvironment';
import { buckets } from './recordFixture';

/** A run whose ‖δ^l‖ is `norms[l-1]` at every one of 10 steps; loss falls from `loss0`. */
function run(label: string, norms: number[], specDiff: string[] = [], loss0 = 0.7): ComparedRun {
  const steps = (value: (t: number) => number) => buckets(Array.from({ length: 10 }, (_, t) => ({ x: (t + 1) * 4, value: value(t) })));
  const epochs = (value: (e: number) => number) => buckets(Array.from({ length: 5 }, (_, e) => ({ x: e + 1, value: value(e) })));
  const layers = norms.map((n, i) => ({
    layer: i + 1, deltaNorm: steps(() => n), deadShare: steps(() => 0), saturatedShare: steps(() => 0), gradNorm: steps(() => n),
    weightNorm: steps(() => 1), updateRatio: steps(() => 1e-3), deltaMap: { units: 2, columns: 0, last: new Float64Array(), values: new Float32Array() },
  }));
  return {
    folder: `file:///runs/${label}`, label, specDiff, info: { name: label } as RunInfo, state: 'finished',
    record: { stride: 1, lastStep: 40, loss: steps((t) => loss0 / (t + 1)), layers, epochs: { trainLoss: epochs((e) => loss0 / (e + 1)), testLoss: epochs((e) => loss0 / (e + 1.5)), trainAccuracy: epochs((e) => 0.5 + e / 10), testAccuracy: epochs((e) => 0.5 + e / 12) }, frameSteps: [] },
  };
}

const sigmoid = run('deep-sigmoid', [1.8e-4, 1.1e-3, 6.1e-3, 3.5e-2, 1.2e-1, 5e-1]);
const relu = run('deep-relu', [0.05, 0.06, 0.08, 0.07, 0.1, 0.3], ['layers[1–5].activation: sigmoid → relu'], 0.3);

describe('Compare Runs, pure parts', () => {
  it('the legend names the reference, then what each other run changes (at most 3, then "+N more")', () => {
    assert.deepEqual(legendText(sigmoid, 0).changes, 'reference');
    assert.equal(legendText(relu, 1).changes, 'layers[1–5].activation: sigmoid → relu');
    const many = run('x', [1], ['a: 1 → 2', 'b: 1 → 2', 'c: 1 → 2', 'd: 1 → 2', 'e: 1 → 2']);
    assert.equal(legendText(many, 1).changes, 'a: 1 → 2; b: 1 → 2; c: 1 → 2; +2 more');
    assert.match(legendText(many, 1).title, /e: 1 → 2/);
    assert.equal(legendText(run('y', [1]), 1).changes, 'same spec');
  });

  it('one log range in whole decades covers every run and layer', () => {
    assert.deepEqual(sharedNormRange([sigmoid, relu]), [1e-4, 1]);
    assert.deepEqual(finalNorms([sigmoid, relu])[0].map((v) => Number(v!.toPrecision(2))), [1.8e-4, 0.05]);
  });
});

describe('Compare Runs panel in a DOM', function () {
  let dom: ReturnType<typeof installDom>;
  let createCompareApp: typeof import('../../../media/compareApp').createCompareApp;
  before(async () => {
    dom = installDom();
    ({ createCompareApp } = await import('../../../media/compareApp'));
  });
  after(() => dom.uninstall());

  it("posts 'ready', then draws the legend, the overlays and one ‖δ^l‖ small multiple per layer, output first", () => {
    const posts: unknown[] = [];
    let listener: ((m: HostToWebview) => void) | null = null;
    const transport: WebviewTransport = { post: (m) => { posts.push(m); }, onMessage: (l) => { listener = l; }, getState: () => undefined, setState: () => undefined };
    const root = document.createElement('div');
    document.body.append(root);
    createCompareApp(root, transport);
    assert.deepEqual(posts, [{ type: 'ready' }]);
    listener!({ type: 'compare', runs: [sigmoid, relu] });
    const legend = [...document.querySelectorAll('#compare-legend li')].map((li) => li.textContent);
    assert.deepEqual(legend, ['deep-sigmoid reference', 'deep-relu layers[1–5].activation: sigmoid → relu']);
    assert.equal(document.getElementById('compare-loss')!.dataset.series, '4', 'train and test loss of each run');
    assert.deepEqual([...document.querySelectorAll('#compare-norms .norm-multiple')].map((f) => f.getAttribute('data-layer')), ['6', '5', '4', '3', '2', '1']);
    const layer1 = document.querySelector('#compare-final-norms tr[data-layer="1"]')!;
    assert.deepEqual([...layer1.querySelectorAll('td')].map((td) => td.textContent), ['1', '1.80e−4', '0.05']);
  });

  it('redraws in the new theme\'s colours when the theme changes (the body class)', async () => {
    let listener: ((m: HostToWebview) => void) | null = null;
    const transport: WebviewTransport = { post: () => undefined, onMessage: (l) => { listener = l; }, getState: () => undefined, setState: () => undefined };
    const root = document.createElement('div');
    document.body.append(root);
    document.body.style.setProperty('--vscode-charts-blue', 'rgb(1, 2, 3)');
    createCompareApp(root, transport);
    listener!({ type: 'compare', runs: [sigmoid, relu] });
    const swatch = () => (root.querySelector('#compare-legend li .swatch') as HTMLElement).style.background;
    assert.match(swatch(), /1, 2, 3|#010203/);
    document.body.style.setProperty('--vscode-charts-blue', 'rgb(4, 5, 6)');
    document.body.className = 'vscode-dark';
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.match(swatch(), /4, 5, 6|#040506/, 'the legend (and the charts) use the dark theme\'s colours');
    root.remove();
  });
});
