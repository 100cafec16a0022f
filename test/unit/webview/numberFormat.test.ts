import * as assert from 'node:assert/strict';
import { formatNumber, formatPercent } from '../../../media/lib/numberFormat';
import { normSpread } from '../../../src/engine/monitor/health';
import { formatNumber as formatDigits } from '../../../src/engine/text/number-text';
import { decimate, lossColumns, normColumns } from '../../../media/lib/series';

describe('monitor judgements and chart data', () => {
  it('warns when ‖δ‖ of two layers differ by ≥ 2 orders of magnitude, naming the direction', () => {
    assert.equal(normSpread([0.1, 0.3, 0.5])?.warning, null);
    const vanishing = normSpread([1e-5, 1e-3, 0.2])!;
    assert.equal(vanishing.smallestLayer, 1);
    assert.equal(vanishing.largestLayer, 3);
    assert.ok(Math.abs(vanishing.orders - Math.log10(0.2 / 1e-5)) < 1e-12);
    assert.match(vanishing.warning!, /vanishing/);
    assert.match(normSpread([50, 1, 0.1])!.warning!, /exploding/);
    assert.equal(normSpread([0, Number.NaN]), null);
    assert.equal(normSpread([0, 1e-9, 1])?.smallestLayer, 2, 'zero norms (no signal yet) are left out');
  });

  it('formats numbers compactly', () => {
    assert.equal(formatNumber(0.123456), '0.123');
    assert.equal(formatNumber(1.5e-9), '1.50e−9');
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(null), '–');
    assert.equal(formatNumber(-Infinity), '−∞');
    assert.equal(formatDigits(5e-324, 6), '4.94066e−324', 'significant digits at any magnitude, subnormal too');
    assert.equal(formatDigits(-6.6e-41, 6), '-6.60000e−41');
    assert.equal(formatDigits(123456.7, 6), '123457', 'plain below 1e6 with six digits');
    assert.equal(formatDigits(1234567, 6), '1.23457e6');
    assert.equal(formatNumber(12345.6), '1.23e4', 'exponent form from 1e4 with three digits');
    assert.equal(formatPercent(0.5), '50%');
    assert.equal(formatPercent(0.004), '0.4%');
  });

  it('aligns per-step train loss with per-epoch test loss and accuracy on one x axis', () => {
    const losses = [{ step: 1, loss: 0.9 }, { step: 2, loss: 0.7 }, { step: 3, loss: 0 }];
    const epochs = [{ epoch: 1, step: 2, loss: 0.8, accuracy: 0.6, testLoss: 0.85, testAccuracy: 0.55, seconds: 1 }];
    const [x, train, test, acc, testAcc] = lossColumns(losses, epochs, false);
    assert.deepEqual(x, [1, 2, 3]);
    assert.deepEqual(train, [0.9, 0.7, 0]);
    assert.deepEqual(test, [null, 0.85, null]);
    assert.deepEqual(acc, [null, 0.6, null]);
    assert.deepEqual(testAcc, [null, 0.55, null]);
    assert.deepEqual(lossColumns(losses, epochs, true)[1], [0.9, 0.7, null], 'a zero loss is a gap on a log axis');
  });

  it('makes one ‖δ‖ series per layer and thins sparklines to their width, keeping the last point', () => {
    const cols = normColumns([{ step: 5, norms: [0.1, 0] }, { step: 9, norms: [0.2, 0.3] }], 2);
    assert.deepEqual(cols, [[5, 9], [0.1, 0.2], [null, 0.3]]);
    const points = Array.from({ length: 1001 }, (_, i) => i);
    const thin = decimate(points, 100);
    assert.ok(thin.length <= 101);
    assert.equal(thin.at(-1), 1000);
    assert.equal(thin[0], 0);
  });
});
