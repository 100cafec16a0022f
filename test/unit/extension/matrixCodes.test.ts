// The monitor's 16-bit matrix codes: a decoded value is within max|v| / 65534 of the original (plus float32 rounding),
// 0 stays 0, the largest |v| comes back, and a matrix with NaN or ±∞ travels exact.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeMatrix, encodeMatrix } from '../../../src/engine/monitor/matrixCodes';

describe('16-bit matrix codes (the monitor heatmaps\' precision)', () => {
  it('round trip: |decoded − v| ≤ max|v| / 65534 + float32 rounding, over matrices of any magnitude and sign', () => {
    const matrices = fc.tuple(fc.float32Array({ noDefaultInfinity: true, noNaN: true, minLength: 1, maxLength: 200 }), fc.integer({ min: -40, max: 38 }))
      .map(([values, exponent]) => Float32Array.from(values, (v) => Math.fround((v % 1) * 10 ** exponent)));
    fc.assert(fc.property(matrices, (values) => {
      const coded = encodeMatrix(values);
      assert.ok(!(coded instanceof Float32Array), 'a finite matrix is coded');
      assert.ok(coded.codes instanceof Int16Array && coded.codes.byteLength === values.byteLength / 2);
      const decoded = decodeMatrix(coded);
      const largest = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      for (let i = 0; i < values.length; i++) {
        const bound = largest / 65534 + Math.abs(values[i]) * 2 ** -23 + 2 ** -150; // float32 rounding: relative, or half the smallest subnormal
        assert.ok(Math.abs(decoded[i] - values[i]) <= bound, `${values[i]} came back as ${decoded[i]} (bound ${bound})`);
        if (values[i] === 0) assert.equal(decoded[i], 0);
      }
    }), { numRuns: 500 });
  });

  it('keeps the largest |v| and the sign pattern; an all-zero matrix is all zeros', () => {
    const decoded = decodeMatrix(encodeMatrix(Float32Array.of(-3e-20, 1.5e-20, 0, 2.9e-24)));
    assert.equal(decoded[0], Math.fround(-3e-20));
    assert.deepEqual([...decoded].map(Math.sign), [-1, 1, 0, 1]);
    assert.deepEqual([...decodeMatrix(encodeMatrix(new Float32Array(5)))], [0, 0, 0, 0, 0]);
  });

  it('sends a matrix holding NaN or ±∞ exact', () => {
    for (const odd of [NaN, Infinity, -Infinity]) {
      const values = Float32Array.of(1, odd, 0.5);
      assert.equal(encodeMatrix(values), values);
    }
  });
});
