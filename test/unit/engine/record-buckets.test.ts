// The multi-resolution record: buckets merge exactly (mean, min, max of their values) and stay bounded at any length.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { BucketSeries, ColumnMap } from '../../../src/engine/record/buckets';

/** The buckets' values as the list they summarise: bucket b covers values [start_b, start_b + count_b). */
function checkAgainstValues(series: BucketSeries, xs: number[], values: number[]): void {
  let start = 0;
  for (let b = 0; b < series.length; b++) {
    const k = series.bucket(b);
    const slice = values.slice(start, start + k.count);
    assert.equal(k.first, xs[start]);
    assert.equal(k.last, xs[start + k.count - 1]);
    assert.equal(k.min, Math.min(...slice));
    assert.equal(k.max, Math.max(...slice));
    const mean = slice.reduce((s, v) => s + v, 0) / slice.length;
    assert.ok(Math.abs(k.mean - mean) <= 1e-9 * Math.max(1, Math.abs(mean)), `bucket ${b}: mean ${k.mean} vs ${mean}`);
    start += k.count;
  }
  assert.equal(start, values.length, 'every value is in exactly one bucket');
}

describe('engine/record: BucketSeries and ColumnMap', () => {
  it('merge keeps min, max and mean exact (fast-check: any values, any capacity, any length)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 2, max: 16 }),
      fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 400 }),
      (capacity, values) => {
        const series = new BucketSeries(capacity);
        const xs = values.map((_, i) => 3 * i + 1);
        values.forEach((v, i) => series.add(xs[i], v));
        checkAgainstValues(series, xs, values);
      },
    ), { numRuns: 300 });
  });

  it('a spike survives any number of merges as its bucket\'s max', () => {
    const series = new BucketSeries(8);
    for (let i = 0; i < 10_000; i++) series.add(i, i === 7_777 ? 1e3 : 1);
    const holding = Array.from({ length: series.length }, (_, b) => series.bucket(b)).find((k) => k.first <= 7_777 && 7_777 <= k.last)!;
    assert.equal(holding.max, 1e3);
    assert.equal(holding.min, 1);
  });

  it('stays bounded at any run length and covers the whole run (fast-check, up to 200,000 values)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 2, max: 64 }), (n, capacity) => {
      const series = new BucketSeries(capacity);
      for (let i = 0; i < n; i++) series.add(i, Math.sin(i));
      assert.ok(series.length <= series.capacity, `${series.length} buckets > ${series.capacity}`);
      assert.ok(series.length >= Math.min(n, series.capacity / 2), `only ${series.length} buckets for ${n} values`);
      const message = series.toMessage();
      assert.equal(message.first[0], 0);
      assert.equal(message.last[message.last.length - 1], n - 1);
      assert.equal(message.count.reduce((s, c) => s + c, 0), n);
    }), { numRuns: 60 });
  });

  it('the δ map averages each unit exactly over its columns and stays within its column bound', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 2, max: 10 }), fc.integer({ min: 1, max: 300 }), (units, capacity, n) => {
      const map = new ColumnMap(units, capacity);
      const rows = Array.from({ length: n }, (_, t) => Array.from({ length: units }, (_, j) => t * 10 + j));
      rows.forEach((r, t) => map.add(t, r));
      const m = map.toMessage();
      assert.ok(m.columns <= map.capacity);
      let start = 0;
      for (let c = 0; c < m.columns; c++) {
        const end = m.last[c] + 1;
        for (let j = 0; j < units; j++) {
          const expected = rows.slice(start, end).reduce((s, r) => s + r[j], 0) / (end - start);
          assert.ok(Math.abs(m.values[j * m.columns + c] - expected) <= 1e-3 * Math.max(1, Math.abs(expected)));
        }
        start = end;
      }
      assert.equal(start, n);
    }), { numRuns: 200 });
  });

  it('a vector added as the mean of several steps (weight k) counts as k steps in its column\'s mean', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 10 }), fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 120 }), (capacity, blocks) => {
      const map = new ColumnMap(2, capacity);
      const step = (t: number) => [Math.sin(t), t * t];
      let t = 0;
      for (const k of blocks) {
        const steps = Array.from({ length: k }, (_, i) => step(t + i));
        map.add(t + k - 1, [0, 1].map((j) => steps.reduce((s, r) => s + r[j], 0) / k), k);
        t += k;
      }
      const m = map.toMessage();
      let start = 0;
      for (let c = 0; c < m.columns; c++) {
        const end = m.last[c] + 1, rows = Array.from({ length: end - start }, (_, i) => step(start + i));
        [0, 1].forEach((j) => {
          const expected = rows.reduce((s, r) => s + r[j], 0) / rows.length;
          assert.ok(Math.abs(m.values[j * m.columns + c] - expected) <= 1e-4 * Math.max(1, Math.abs(expected)), `column ${c} unit ${j}: ${m.values[j * m.columns + c]} ≠ ${expected}`);
        });
        start = end;
      }
      assert.equal(start, t);
    }), { numRuns: 200 });
  });
});
