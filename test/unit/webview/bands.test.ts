import * as assert from 'node:assert/strict';
import type uPlot from 'uplot';
import type { ComparedRun, HostToWebview, MonitorState, RunInfo, RunRecord } from '../../../src/protocol';
import type { WebviewTransport } from '../../../media/lib/transport';
import { RunRecorder } from '../../../src/engine/record/recorder';
import { emptyMonitorState } from '../../../media/lib/state';
import { installDom } from './domEnvironment';

const STEPS = 100_000, SPIKE_STEP = 61_803, BUCKETS = 16;
const NORM = 1e-3, NORM_SPIKE = 10, RATIO = 1e-4, RATIO_SPIKE = 0.5;

/** A 100,000-step record in 16 buckets (6,250 steps each): ‖δ¹‖ and layer 1's update ratio are flat but for one step. */
function spikedRecord(): RunRecord {
  const recorder = new RunRecorder([3, 2], BUCKETS, BUCKETS);
  for (let step = 1; step <= STEPS; step++) {
    recorder.addLoss(step, 0.5);
    const spike = step === SPIKE_STEP;
    recorder.addLayers(step, [
      { deltaNorm: spike ? NORM_SPIKE : NORM, deadShare: 0, saturatedShare: 0, gradNorm: 1, weightNorm: 1, updateRatio: spike ? RATIO_SPIKE : RATIO, deltaMean: [0, 0, 0] },
      { deltaNorm: 2 * NORM, deadShare: 0, saturatedShare: 0, gradNorm: 1, weightNorm: 1, updateRatio: RATIO, deltaMean: [0, 0] },
    ]);
  }
  return recorder.toRecord(1, []);
}

/** A one-bucket-per-step record of 5 steps (min = max = mean everywhere). */
function shortRecord(): RunRecord {
  const recorder = new RunRecorder([3, 2], BUCKETS, BUCKETS);
  for (let step = 1; step <= 5; step++) {
    recorder.addLoss(step, 0.5);
    recorder.addLayers(step, [3, 2].map((u) => ({ deltaNorm: NORM * step, deadShare: 0, saturatedShare: 0, gradNorm: 1, weightNorm: 1, updateRatio: RATIO * step, deltaMean: new Array(u).fill(0) })));
  }
  return recorder.toRecord(1, []);
}

const INFO = {
  runId: 'r', specPath: '/w/a.nn.json', name: 'a', task: 'classification', classNames: null, inputSize: 2,
  layers: [{ layer: 1, units: 3, activation: 'relu', fanIn: 2 }, { layer: 2, units: 2, activation: 'softmax', fanIn: 3 }],
  epochs: 1, stepsPerEpoch: STEPS, batchSize: 2, learningRate: 0.1, trainCount: 2, testCount: 0, precision: 'float32', seed: 1,
} as RunInfo;

/** The band whose legend label starts with `label`: its max, min and mean columns in the chart's data. */
function band(plotted: { data: uPlot.AlignedData; options: uPlot.Options | null }, label: string): { max: (number | null)[]; min: (number | null)[]; mean: (number | null)[] } {
  const series = plotted.options?.series ?? [];
  const index = (name: string) => series.findIndex((s) => s.label === name);
  const found = (plotted.options?.bands ?? []).find((b) => series[b.series[0]]?.label === `${label} max`);
  assert.ok(found, `a band for "${label}" among ${JSON.stringify(series.map((s) => s.label))}`);
  assert.equal(series[found.series[1]]?.label, `${label} min`, 'the band spans max to min');
  for (const edge of found.series) assert.ok(!('scale' in series[edge]) || series[edge].scale !== undefined, 'an edge on its line’s scale: a key set to undefined overrides uPlot’s default "y" (the band is drawn off the axis)');
  assert.ok(index(label) > 0, `the mean line "${label}"`);
  const column = (i: number) => Array.from(plotted.data[i] as ArrayLike<number | null>);
  return { max: column(found.series[0]), min: column(found.series[1]), mean: column(index(label)) };
}

/** Index of the bucket that holds `step` (the first whose last step is ≥ it). */
const bucketOf = (x: ArrayLike<number>, step: number) => Array.from(x).findIndex((last) => last >= step);

describe('[min, max] bands: a one-step spike in a long run stays visible', function () {
  let dom: ReturnType<typeof installDom>;
  let createMonitorApp: typeof import('../../../media/monitorApp').createMonitorApp;
  let createCompareApp: typeof import('../../../media/compareApp').createCompareApp;
  let chartOf: typeof import('../../../media/views/lineChart').chartOf;
  before(async () => {
    dom = installDom();
    ({ createMonitorApp } = await import('../../../media/monitorApp'));
    ({ createCompareApp } = await import('../../../media/compareApp'));
    ({ chartOf } = await import('../../../media/views/lineChart'));
  });
  after(() => dom.uninstall());
  beforeEach(() => { document.body.replaceChildren(); });

  const transport = (): WebviewTransport & { deliver(m: HostToWebview): void } => {
    let listener: ((m: HostToWebview) => void) | null = null;
    return { post: () => undefined, onMessage: (l) => { listener = l; }, getState: () => undefined, setState: () => undefined, deliver: (m) => listener!(m) };
  };
  const monitor = (record: RunRecord) => {
    const root = document.createElement('div');
    document.body.append(root);
    const t = transport();
    const app = createMonitorApp(root, t, { scheduleFrame: () => undefined, persistIntervalMs: 0 });
    const state: MonitorState = { ...emptyMonitorState(), info: INFO, state: 'finished', record };
    t.deliver({ type: 'fullState', state });
    app.flush();
  };
  const plotted = (id: string) => {
    const chart = chartOf(document.getElementById(id)!);
    assert.ok(chart, `a chart in #${id}`);
    return chart.plotted;
  };

  it('‖δ^l‖ chart: layer 1’s band reaches the spike in the bucket that holds it; the mean alone does not', () => {
    const record = spikedRecord();
    assert.ok(record.layers[0].deltaNorm.last.length <= BUCKETS, 'few buckets for 100,000 steps');
    monitor(record);
    const { max, min, mean } = band(plotted('norm-chart'), '‖δ¹‖');
    const b = bucketOf(record.layers[0].deltaNorm.last, SPIKE_STEP);
    assert.equal(max[b], NORM_SPIKE, 'the band’s top is the spike');
    assert.ok(Math.abs(min[b]! - NORM) < 1e-9, 'its bottom the flat value');
    assert.ok(mean[b]! < 3 * NORM, `the mean (${mean[b]}) averages the spike away over ${STEPS / BUCKETS} steps`);
    assert.ok(max.every((v, i) => i === b || Math.abs(v! - NORM) < 1e-9), 'no band elsewhere');
  });

  it('update-ratio chart: layer 1’s band reaches the spike', () => {
    const record = spikedRecord();
    monitor(record);
    const { max, mean } = band(plotted('update-ratio-chart'), '‖ΔW¹‖/‖W¹‖');
    const b = bucketOf(record.layers[0].updateRatio.last, SPIKE_STEP);
    assert.ok(Math.abs(max[b]! - RATIO_SPIKE) < 1e-6, `the band’s top ${max[b]} is the spike`);
    assert.ok(mean[b]! < 10 * RATIO, 'the mean does not show it');
  });

  it('where a bucket holds one step, the band is the line: min = max = mean', () => {
    monitor(shortRecord());
    for (const [id, label] of [['norm-chart', '‖δ²‖'], ['update-ratio-chart', '‖ΔW²‖/‖W²‖']]) {
      const { max, min, mean } = band(plotted(id), label);
      assert.equal(mean.length, 5);
      assert.deepEqual(max, mean, `${id}: max = mean`);
      assert.deepEqual(min, mean, `${id}: min = mean`);
    }
  });

  it('hiding a line (a click on its legend entry) hides its band with it', async () => {
    monitor(spikedRecord());
    await new Promise((resolve) => setTimeout(resolve, 20)); // uPlot draws in a microtask
    const rows = () => [...document.querySelectorAll('#norm-chart .u-legend tr.u-series')] as HTMLElement[];
    const row = (label: string) => rows().find((r) => r.querySelector('.u-label')?.textContent === label)!;
    assert.ok(row('‖δ¹‖ max').classList.contains('band-edge'), 'the band edges’ legend rows are marked (and hidden by CSS)');
    assert.ok(!row('‖δ¹‖ max').classList.contains('u-off'));
    (row('‖δ¹‖').querySelector('th') as HTMLElement).dispatchEvent(new MouseEvent('click', { bubbles: true }));
    assert.ok(row('‖δ¹‖').classList.contains('u-off'), 'the line is hidden');
    assert.ok(row('‖δ¹‖ max').classList.contains('u-off') && row('‖δ¹‖ min').classList.contains('u-off'), 'and so is its band');
    assert.ok(!row('‖δ²‖ max').classList.contains('u-off'), 'the other layer’s band stays');
  });

  it('Compare Runs: each run’s ‖δ^l‖ small multiple draws its band, the spike at its top', async () => {
    const record = spikedRecord(), calm = shortRecord();
    const run = (label: string, r: RunRecord): ComparedRun => ({ folder: `file:///runs/${label}`, label, specDiff: [], info: { name: label } as RunInfo, state: 'finished', record: r });
    const root = document.createElement('div');
    document.body.append(root);
    const t = transport();
    createCompareApp(root, t);
    t.deliver({ type: 'compare', runs: [run('calm', calm), run('spiky', record)] });
    await new Promise((resolve) => setTimeout(resolve, 0)); // the charts get their data in a microtask
    const { max, mean } = band(plotted('compare-norm-1'), 'spiky');
    const x = plotted('compare-norm-1').data[0] as number[];
    const b = x.indexOf(record.layers[0].deltaNorm.last[bucketOf(record.layers[0].deltaNorm.last, SPIKE_STEP)]);
    assert.equal(max[b], NORM_SPIKE);
    assert.ok(mean[b]! < 3 * NORM);
    const calmBand = band(plotted('compare-norm-1'), 'calm');
    assert.deepEqual(calmBand.max, calmBand.mean, 'one step per bucket: the calm run’s band is its line');
  });
});
