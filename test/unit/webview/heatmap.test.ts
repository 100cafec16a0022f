import * as assert from 'node:assert/strict';
import { cellAt, heatmapHeight, normalizeColumns, paintDiverging, paintSequential, timeMatrix, valueAt } from '../../../media/lib/heatmap';
import { DIVERGING_BY_THEME, LUT_SIZE, SEQUENTIAL_BY_THEME, divergingIndex, divergingLut, sequentialIndex, sequentialLut } from '../../../media/lib/palette';

describe('heatmap layout and pixels', () => {
  it('lays δ history out as neurons (rows) × snapshots (columns)', () => {
    const history = [
      { step: 10, mean: Float32Array.of(1, 2, 3) },
      { step: 20, mean: Float32Array.of(4, 5, 6) },
    ];
    const m = timeMatrix(history, 3);
    assert.equal(m.rows, 3);
    assert.equal(m.cols, 2);
    assert.deepEqual(m.steps, [10, 20]);
    assert.equal(valueAt(m, 0, 1), 4); // neuron 1 at step 20
    assert.equal(valueAt(m, 2, 0), 3); // neuron 3 at step 10
    assert.deepEqual(Array.from(m.values), [1, 4, 2, 5, 3, 6]);
  });

  it('scales each step by its own largest |δ| when asked (per-step view), zero columns staying 0', () => {
    const m = { rows: 2, cols: 3, values: [1e-12, 0, 4, -2e-12, 0, -8] };
    assert.deepEqual(Array.from(normalizeColumns(m).values), [0.5, 0, 0.5, -1, 0, -1]);
  });

  it('paints one RGBA pixel per cell: 0 neutral, the largest |v| at the palette ends', () => {
    const colours = DIVERGING_BY_THEME.light;
    const pixels = new Uint8ClampedArray(2 * 2 * 4);
    paintDiverging(pixels, { rows: 2, cols: 2, values: [0, 1, -1, 0.5] }, 1, divergingLut(colours));
    assert.deepEqual(Array.from(pixels.subarray(0, 4)), [...colours.neutral, 255]);
    assert.deepEqual(Array.from(pixels.subarray(4, 8)), [...colours.positive, 255]);
    assert.deepEqual(Array.from(pixels.subarray(8, 12)), [...colours.negative, 255]);
    const half = Array.from(pixels.subarray(12, 15));
    half.forEach((c, k) => assert.ok(Math.min(colours.neutral[k], colours.positive[k]) <= c && c <= Math.max(colours.neutral[k], colours.positive[k])));
  });

  it("paints σ' from the low to the high colour", () => {
    const { low, high } = SEQUENTIAL_BY_THEME.dark;
    const pixels = new Uint8ClampedArray(2 * 4);
    paintSequential(pixels, { rows: 1, cols: 2, values: [0, 0.25] }, 0.25, sequentialLut(low, high));
    assert.deepEqual(Array.from(pixels), [...low, 255, ...high, 255]);
  });

  it('paints exactly the colour divergingIndex / sequentialIndex pick, half steps and NaN included', () => {
    const mid = (LUT_SIZE - 1) / 2;
    const values = [0, Number.NaN, 5, -5, 0.5 / mid, -0.5 / mid, 2.5 / mid, -2.5 / mid, 1, -1, 1e-30];
    for (let i = 0; i < 500; i++) values.push(Math.sin(i * 12.9898) * 1.3);
    const diverging = divergingLut(DIVERGING_BY_THEME.dark), sequential = sequentialLut(SEQUENTIAL_BY_THEME.dark.low, SEQUENTIAL_BY_THEME.dark.high);
    const m = { rows: 1, cols: values.length, values };
    const d = new Uint8ClampedArray(values.length * 4), q = new Uint8ClampedArray(values.length * 4);
    paintDiverging(d, m, 1, diverging);
    paintSequential(q, m, 1, sequential);
    values.forEach((v, i) => {
      const k = divergingIndex(v, 1), s = sequentialIndex(v, 1);
      assert.deepEqual(Array.from(d.subarray(4 * i, 4 * i + 4)), Array.from(diverging.subarray(4 * k, 4 * k + 4)), `diverging v=${v}`);
      assert.deepEqual(Array.from(q.subarray(4 * i, 4 * i + 4)), Array.from(sequential.subarray(4 * s, 4 * s + 4)), `sequential v=${v}`);
    });
  });

  it('finds the cell under the pointer in a stretched canvas, null outside', () => {
    // 4 columns × 2 rows drawn over 200 × 50 CSS pixels: cells are 50 × 25
    assert.deepEqual(cellAt(0, 0, 200, 50, 4, 2), { row: 0, col: 0 });
    assert.deepEqual(cellAt(149.9, 26, 200, 50, 4, 2), { row: 1, col: 2 });
    assert.deepEqual(cellAt(199.99, 49.99, 200, 50, 4, 2), { row: 1, col: 3 });
    assert.equal(cellAt(200, 10, 200, 50, 4, 2), null);
    assert.equal(cellAt(-1, 10, 200, 50, 4, 2), null);
    assert.equal(cellAt(10, 10, 200, 50, 0, 0), null);
  });

  it('gives each neuron 4 px of height, between 24 and 160 px', () => {
    assert.equal(heatmapHeight(1), 24);
    assert.equal(heatmapHeight(10), 40);
    assert.equal(heatmapHeight(256), 160);
  });
});
