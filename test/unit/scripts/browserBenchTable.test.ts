// The browser benchmark's table (scripts/bench/browser-table.mjs): ratio on the best epochs, target, skipped column.
import assert from 'node:assert/strict';
import { browserSection, compareExample, formatMs } from '../../../scripts/bench/browser-table.mjs';

const load = { loadBefore: 1, loadAfter: 2 };
const node = (epochMs: number[], extra = {}) => ({ example: 'fashion-mnist', column: 'node', epochMs, firstEpochLoss: 0.5, peakRssMB: 340, ...extra });
const browser = (epochMs: number[], extra = {}) => ({ example: 'fashion-mnist', column: 'browser', epochMs, firstEpochLoss: 0.5, rendererPeakMB: 350, peakRssMB: 120, chromium: '156.0', ...extra });

describe('browser bench table', () => {
  it('takes the ratio browser / Node on the best epoch of all rounds and on the medians', () => {
    const c = compareExample('fashion-mnist', [node([1500, 2400]), browser([1800, 2000]), node([1200]), browser([3000])]);
    assert.equal(c.node.best, 1200);
    assert.equal(c.browser.best, 1800);
    assert.equal(c.ratio, 1.5);
    assert.equal(c.medianRatio, 2000 / 1500);
    assert.equal(c.met, false);
    assert.equal(c.browser.memoryMB, 350, 'the browser column reports the renderer, not the driver process');
  });

  it('meets the target at exactly 1.3× and says which rows missed', () => {
    assert.equal(compareExample('fashion-mnist', [node([1000]), browser([1300])]).met, true);
    const text = browserSection(['fashion-mnist'], [node([1000]), browser([1400])], load);
    assert.match(text, /\| fashion-mnist \| \*\*1000\*\* · 1000 \(1 slices\) \| \*\*1400\*\* · 1400 \(1 slices\) \| \*\*1\.40×\*\* · 1\.40× \| — \| ≤ 1\.3×: \*\*missed\*\* \| 340 \/ 350 \|/);
  });

  it('prints the reason when the browser column was skipped, and no ratio', () => {
    const rows = [node([0.31, 0.3], { example: 'spiral' }), { example: 'spiral', column: 'browser', skipped: 'no Chromium at /usr/bin/chromium' }];
    const c = compareExample('spiral', rows);
    assert.equal(c.ratio, null);
    assert.equal(c.met, null);
    assert.doesNotMatch(browserSection(['spiral'], rows, load), /first-epoch loss/, 'nothing compared, nothing claimed');
    assert.match(browserSection(['spiral'], rows, load), /\| spiral \| \*\*0\.300\*\* · 0\.305 \(2 slices\) \| skipped: no Chromium at \/usr\/bin\/chromium \| — \| — \| — \| 340 \/ — \|/);
  });

  it('shows the training thread\'s CPU ms per epoch in both columns and their ratio (median over rounds)', () => {
    const rows = [node([2000], { cpuMsPerEpoch: 1500 }), browser([2600], { cpuMsPerEpoch: 1650 }), node([2100], { cpuMsPerEpoch: 1400 }), browser([2500], { cpuMsPerEpoch: 1750 })];
    assert.equal(compareExample('fashion-mnist', rows).cpuRatio, 1700 / 1450);
    assert.match(browserSection(['fashion-mnist'], rows, load), /\| 1450 \/ 1700 \(1\.17×\) \|/);
  });

  it('flags columns whose first epoch differs beyond 1e-12 (not the same kernels), not an ulp of the float64 output stage', () => {
    const text = browserSection(['fashion-mnist'], [node([1000]), browser([1100], { firstEpochLoss: 0.5 + 1e-9 })], load);
    assert.match(text, /first epoch's loss differs between the columns for fashion-mnist/);
    const ulp = browserSection(['fashion-mnist'], [node([1000]), browser([1100], { firstEpochLoss: 0.5 + 1e-16 })], load);
    assert.match(ulp, /agrees within 1e-12 in both columns/);
  });

  it('formats milliseconds to about three significant digits', () => {
    assert.deepEqual([0.0856, 3.456, 45.67, 1478.1].map(formatMs), ['0.086', '3.46', '45.7', '1478']);
  });
});
