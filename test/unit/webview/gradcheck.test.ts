import * as assert from 'node:assert/strict';
import type { GradCheckResult, GradCheckTensor } from '../../../src/protocol';
import { allEntries, entryLabel, gradCheckRows, historyRows, summaryText, symlog, worstEntries } from '../../../media/lib/gradcheck';
import { recordSpiralRun } from './recordedRun';

const tensor = (verdict: GradCheckTensor['verdict'], maxRelError: number, worst: GradCheckTensor['worst'] = []): GradCheckTensor => ({
  verdict, maxRelError, medianRelError: maxRelError / 10, checked: 4, kinks: verdict === 'warn' ? 1 : 0, atNoiseFloor: verdict === 'noise' ? 4 : 0, worst, entries: worst,
});

const planted: GradCheckResult = {
  step: 40, passed: false, epsilon: 1e-5, samples: 3, culpritLayer: 2,
  layers: [
    { layer: 1, weights: tensor('pass', 1e-9), biases: tensor('pass', 2e-9), delta: tensor('pass', 3e-10) },
    {
      layer: 2,
      weights: tensor('fail', 0.4, [{ index: [1, 3], analytic: 0.2, numeric: 0.1, relError: 0.5, kink: false, noiseFloor: 1e-11, verdict: 'fail' }]),
      biases: tensor('warn', 2e-3, [{ index: [0], analytic: 1e-3, numeric: 1.002e-3, relError: 2e-3, kink: true, noiseFloor: 1e-11, verdict: 'fail' }]),
      delta: tensor('fail', 0.3),
    },
  ],
};

describe('gradient-check table data', () => {
  it('makes one row per layer with the W, b and δ verdicts and the largest errors', () => {
    const rows = gradCheckRows(planted);
    assert.deepEqual(rows.map((r) => r.layer), [1, 2]);
    assert.deepEqual(rows[1].cells.map((c) => c.verdict), ['fail', 'warn', 'fail']);
    assert.deepEqual(rows.map((r) => r.verdict), ['pass', 'fail']);
    assert.equal(rows[1].maxRelError, 0.4);
    assert.equal(rows[1].medianRelError, 0.04);
    assert.equal(rows[1].kinks, 1);
    assert.equal(rows[1].checked, 12);
    assert.match(rows[0].cells[0].text, /^✓ pass 1\.00e−9$/);
  });

  it('lists the worst entries first, labelled by tensor, layer and index', () => {
    const worst = worstEntries(planted, 5);
    assert.deepEqual(worst.map(entryLabel), ['W2[1,3]', 'b2[0]']);
    assert.equal(worst[1].kink, true);
    assert.match(summaryText(planted), /FAILED in W2, δ2 \(max\. relative error 4\.00e-1; the δ check first fails in layer 2\).*ε = 1\.00e−5/);
  });

  it('keeps the sign and the order of magnitude in the scatter axes (symlog is odd and monotone)', () => {
    assert.equal(symlog(0, 1e-3), 0);
    assert.equal(symlog(-0.5, 1e-3), -symlog(0.5, 1e-3));
    assert.ok(symlog(1e-2, 1e-4) < symlog(1e-1, 1e-4));
  });

  it('reads the checks of a real run: no verdict fails, every entry is labelled, history newest first', () => {
    const checks = recordSpiralRun().flatMap((m) => (m.type === 'gradcheck' ? [m.result] : []));
    const last = checks.at(-1)!;
    const rows = gradCheckRows(last);
    assert.equal(rows.length, 3);
    assert.ok(last.passed);
    for (const row of rows) assert.ok(row.cells.every((c) => c.verdict !== 'fail'), JSON.stringify(row));
    assert.ok(allEntries(last).length >= rows.length * 3);
    const history = historyRows(checks, 10);
    assert.deepEqual(history.map((h) => h.step), checks.map((c) => c.step).reverse());
    assert.ok(history.every((h) => h.verdict !== 'fail' && h.worst < 1e-4));
  });

  it('summary, history and every cell say the same: warn cells make "passed with warnings", noise-floor cells are no warning', () => {
    const warned: GradCheckResult = {
      step: 900, passed: true, epsilon: 1e-5, samples: 3, culpritLayer: null,
      layers: [
        { layer: 1, weights: tensor('noise', 0), biases: tensor('pass', 2e-9), delta: tensor('warn', 3e-6) },
        { layer: 2, weights: tensor('pass', 1e-9), biases: tensor('noise', 0), delta: tensor('pass', 4e-10) },
      ],
    };
    const rows = gradCheckRows(warned);
    assert.deepEqual(rows.map((r) => r.verdict), ['warn', 'pass'], 'a row takes its worst cell\'s verdict (and colour)');
    assert.deepEqual(rows[0].cells.map((c) => c.text), ['≈ noise floor', '✓ pass 2.00e−9', '⚠ warn 3.00e−6']);
    assert.match(summaryText(warned), /^Gradient check at step 900: passed with warnings in δ1 \(max\. relative error 3\.00e-6; 8 entries at the noise floor\)/);
    assert.equal(historyRows([warned], 1)[0].verdict, 'warn');
    const quiet = { ...warned, layers: [{ ...warned.layers[0], delta: tensor('noise', 0) }, warned.layers[1]] };
    assert.deepEqual(gradCheckRows(quiet).map((r) => r.verdict), ['pass', 'pass']);
    assert.match(summaryText(quiet), /: passed \(max\. relative error 2\.00e-9; 12 entries at the noise floor\)/);
  });
});
