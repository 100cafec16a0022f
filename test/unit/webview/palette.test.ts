import * as assert from 'node:assert/strict';
import {
  DIVERGING_BY_THEME, LUT_SIZE, divergingIndex, divergingLut, divergingTicks, mix, sequentialIndex, sigmaPrimeMax, symmetricLimit, themeKindOf, type ThemeKind,
} from '../../../media/lib/palette';

const rgbAt = (lut: Uint8ClampedArray, i: number): number[] => Array.from(lut.subarray(4 * i, 4 * i + 3));
const MID = (LUT_SIZE - 1) / 2;

describe('heatmap palette', () => {
  it('maps 0 to the neutral colour exactly and ±limit to the two ends, in every theme', () => {
    for (const theme of Object.keys(DIVERGING_BY_THEME) as ThemeKind[]) {
      const colours = DIVERGING_BY_THEME[theme];
      const lut = divergingLut(colours);
      assert.deepEqual(rgbAt(lut, divergingIndex(0, 3)), [...colours.neutral], theme);
      assert.deepEqual(rgbAt(lut, divergingIndex(3, 3)), [...colours.positive], theme);
      assert.deepEqual(rgbAt(lut, divergingIndex(-3, 3)), [...colours.negative], theme);
    }
  });

  it('is symmetric around 0: v and −v sit equally far from the centre, on opposite sides', () => {
    for (const v of [1e-9, 0.01, 0.3, 0.77, 1, 2.5, 0.5 / MID, 2.5 / MID]) { // k + ½ steps: rounding must not favour a side
      const up = divergingIndex(v, 1), down = divergingIndex(-v, 1);
      assert.equal(up - MID, MID - down, `v=${v}`);
      assert.ok(up > MID && down < MID || v < 1 / MID, `v=${v}`);
    }
    const lut = divergingLut(DIVERGING_BY_THEME.dark);
    const { neutral, positive, negative } = DIVERGING_BY_THEME.dark;
    for (const k of [10, 64, 100]) {
      const u = k / MID;
      assert.deepEqual(rgbAt(lut, MID + k), [...mix(neutral, positive, u)]);
      assert.deepEqual(rgbAt(lut, MID - k), [...mix(neutral, negative, u)]);
    }
  });

  it('clamps beyond the limit and sends NaN or a zero limit to the centre', () => {
    assert.equal(divergingIndex(50, 1), LUT_SIZE - 1);
    assert.equal(divergingIndex(-50, 1), 0);
    assert.equal(divergingIndex(Number.NaN, 1), MID);
    assert.equal(divergingIndex(0.5, 0), MID);
    assert.equal(sequentialIndex(0.125, 0.25), MID);
    assert.equal(sequentialIndex(-1, 1), 0);
  });

  it('takes a symmetric limit that one outlier cannot blow up, ignores non-finite values, and is 0 for all zeros', () => {
    const values = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 0.01);
    values[17] = 5; // one outlier
    const limit = symmetricLimit(values);
    assert.ok(limit >= 0.5 && limit < 5, `limit ${limit}`); // ≥ largest/10, far below the outlier
    assert.equal(symmetricLimit([0, 0, 0]), 0);
    assert.equal(symmetricLimit([Number.NaN, Infinity, -2, 1]), 2);
    assert.equal(symmetricLimit([-3, 1, 2]), 3);
  });

  it('gives legend ticks −L, 0, L', () => {
    assert.deepEqual(divergingTicks(0.4), [-0.4, 0, 0.4]);
  });

  it("scales σ' to the activation's largest derivative", () => {
    assert.equal(sigmaPrimeMax('sigmoid', [0.1]), 0.25);
    assert.equal(sigmaPrimeMax('tanh', [0.1]), 1);
    assert.equal(sigmaPrimeMax('softmax', [0.1, 0.2, Number.NaN]), 0.2);
  });

  it('picks the palette from the body classes VS Code sets', () => {
    const classes = (...names: string[]) => ({ contains: (n: string) => names.includes(n) });
    assert.equal(themeKindOf(classes('vscode-light')), 'light');
    assert.equal(themeKindOf(classes('vscode-dark')), 'dark');
    assert.equal(themeKindOf(classes('vscode-high-contrast')), 'high-contrast');
    assert.equal(themeKindOf(classes('vscode-high-contrast', 'vscode-high-contrast-light')), 'high-contrast-light');
  });
});
