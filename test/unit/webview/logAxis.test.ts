import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatLogTick, logAxisSplits, logTickBudget, superscript } from '../../../media/lib/logAxis';

describe('log axis ticks', () => {
  it('puts a tick at each decade of the range when there is room', () => {
    assert.deepEqual(logAxisSplits(1e-4, 1, 10), [1e-4, 1e-3, 1e-2, 0.1, 1]);
    assert.deepEqual(logAxisSplits(0.5, 2000, 10), [1, 10, 100, 1000]);
  });

  it('a short plot (a Compare Runs small multiple, ~55 px) still names two decades of a wide range', () => {
    assert.equal(logTickBudget(55), 2);
    assert.equal(logTickBudget(180), 6);
    assert.deepEqual(logAxisSplits(1e-5, 1, logTickBudget(55)), [1e-3, 1]);
  });

  it('thins to every k-th decade, on exponents divisible by k, when the decades do not fit', () => {
    assert.deepEqual(logAxisSplits(1e-12, 1, 4), [1e-12, 1e-8, 1e-4, 1]);
    assert.deepEqual(logAxisSplits(1e-11, 10, 5), [1e-9, 1e-6, 1e-3, 1]);
  });

  it('uses 1-2-5 steps inside a range narrower than two decades', () => {
    assert.deepEqual(logAxisSplits(0.15, 0.9, 6), [0.2, 0.5]);
    assert.deepEqual(logAxisSplits(0.1, 1, 6), [0.1, 0.2, 0.5, 1]);
  });

  it('returns no ticks for a range a log axis cannot show', () => {
    assert.deepEqual(logAxisSplits(0, 1, 5), []);
    assert.deepEqual(logAxisSplits(-1, 1, 5), []);
    assert.deepEqual(logAxisSplits(1, Infinity, 5), []);
  });

  it('labels ticks plainly from 0.001 to 1000 and as powers of ten beyond, never "0"', () => {
    assert.deepEqual([1e-3, 0.01, 0.1, 1, 10, 1000].map(formatLogTick), ['0.001', '0.01', '0.1', '1', '10', '1000']);
    assert.deepEqual([1e-4, 1e-12, 1e4, 2e-5, 5e6].map(formatLogTick), ['10⁻⁴', '10⁻¹²', '10⁴', '2·10⁻⁵', '5·10⁶']);
    assert.equal(superscript(12), '¹²');
  });

  it('puts no decade tick beyond the range by more than rounding (found by fast-check: 1 to 10^39.999999999)', () => {
    const max = 10 ** 39.999999999;
    assert.ok(logAxisSplits(1, max, 9).every((v) => v <= max * (1 + 1e-9)), `${logAxisSplits(1, max, 9).at(-1)} > ${max}`);
    assert.deepEqual(logAxisSplits(1e-3 * (1 + 1e-12), 1e3 * (1 - 1e-12), 12), [1e-3, 1e-2, 0.1, 1, 10, 100, 1000], 'rounding noise at both ends still counts');
  });

  it('for any positive range: at most maxTicks decade ticks, all inside it, increasing, each label distinct and not "0"', () => {
    fc.assert(fc.property(fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: 0, max: 40, noNaN: true }), fc.integer({ min: 1, max: 12 }), (lo, span, maxTicks) => {
      const min = 10 ** lo, max = 10 ** (lo + span);
      const splits = logAxisSplits(min, max, maxTicks);
      const labels = splits.map(formatLogTick);
      assert.ok(splits.every((v, i) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9) && (i === 0 || v > splits[i - 1])));
      if (span >= 2) assert.ok(splits.length >= 1 && splits.length <= maxTicks, `${splits.length} ticks for ${maxTicks}`);
      assert.equal(new Set(labels).size, labels.length);
      assert.ok(!labels.includes('0') && !labels.includes(''));
    }));
  });
});
