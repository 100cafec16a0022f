// Nielsen's chapter 5 end to end (issue 12): train examples/deep-sigmoid and deep-relu, "Compare Runs…" both, and the
// compare panel shows ‖δ^l‖ vanishing toward the input for sigmoid (its table and its small multiples), not for relu;
// the legend lists the runs oldest first (sigmoid, the reference) and every run's colour reads on the editor background.
// Screenshots: test-results/compare-light.png and compare-dark.png (workbench, scrolled to the ‖δ^l‖ small multiples),
// -panel.png (the compare panel alone); `npm run screenshots` copies the first two to docs/images/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { contrastRatio, MIN_LINE_CONTRAST, parseColour } from '../../../media/lib/lineColour';
import { resultsDir, session } from '../support/session';
import { findFrameWith, lineHeights, monitorFrame, pollUntil, runStatus } from '../support/webview';
import { openFile, runCommand, runCommandAndPickMany, tidyForScreenshot, useTheme } from '../support/workbench';

const RUNS = ['deep-sigmoid', 'deep-relu'] as const;
/** Dense layers of both examples: five hidden and the output. */
const DEPTH = 6;

/** The final-‖δ^l‖ table: per run (by its column header) the numbers of layers 1…DEPTH as shown. */
async function finalNorms(frame: Frame): Promise<Record<string, number[]>> {
  return frame.$eval('#compare-final-norms', (table) => {
    const heads = Array.from(table.querySelectorAll('thead th')).slice(1).map((th) => (th.textContent ?? '').trim());
    const byLayer = Array.from(table.querySelectorAll('tbody tr')).map((row) => ({
      layer: Number(row.getAttribute('data-layer')),
      cells: Array.from(row.querySelectorAll('td')).slice(1).map((td) => Number((td.textContent ?? '').replace('−', '-'))),
    })).sort((a, b) => a.layer - b.layer);
    return Object.fromEntries(heads.map((head, i) => [head, byLayer.map((row) => row.cells[i])]));
  });
}

/** The legend swatch colour of the run whose label starts with `name` (computed rgb). */
async function runColour(frame: Frame, name: string): Promise<string> {
  return frame.$$eval('#compare-legend li', (items, wanted) => {
    const item = items.find((li) => (li.querySelector('.run-label')?.textContent ?? '').startsWith(wanted));
    return item ? getComputedStyle(item.querySelector('.swatch')!).backgroundColor : '';
  }, name);
}

/** The legend entries in order: run label and what it changes against the reference. */
async function legendEntries(frame: Frame): Promise<{ label: string; changes: string }[]> {
  return frame.$$eval('#compare-legend li', (items) => items.map((li) => ({
    label: (li.querySelector('.run-label')?.textContent ?? '').trim(), changes: (li.querySelector('.changes')?.textContent ?? '').trim(),
  })));
}

/** Each legend swatch's contrast with the editor background (WCAG ratio; a translucent swatch is blended first). */
async function swatchContrasts(frame: Frame): Promise<{ colour: string; background: string; ratio: number }[]> {
  const { colours, background } = await frame.evaluate(() => ({
    colours: Array.from(document.querySelectorAll('#compare-legend .swatch'), (s) => getComputedStyle(s).backgroundColor),
    background: getComputedStyle(document.body).backgroundColor,
  }));
  const bg = parseColour(background);
  assert.ok(bg, `the body background ${background} parses`);
  return colours.map((colour) => {
    const c = parseColour(colour);
    assert.ok(c, `the swatch colour ${colour} parses`);
    const shown = [0, 1, 2].map((k) => c[k] * c[3] + bg[k] * (1 - c[3])) as [number, number, number];
    return { colour, background, ratio: contrastRatio(shown, [bg[0], bg[1], bg[2]]) };
  });
}

let compare: Frame | undefined;

describe('Compare Runs: the vanishing gradient of deep sigmoid against relu', () => {
  it('trains examples/deep-sigmoid.nn.json and deep-relu.nn.json to the end', async () => {
    const { page } = session();
    for (const name of RUNS) {
      await openFile(page, `${name}.nn.json`);
      await runCommand(page, 'Backprop Lens: Train Network');
      const frame = await monitorFrame(page);
      const status = await pollUntil(page, () => runStatus(frame), (text) => /finished/.test(text), 30_000);
      assert.match(status, /finished/, `${name} did not finish`);
    }
  });

  it('Compare Runs… on both shows ‖δ^l‖ falling toward the input for sigmoid, not for relu (final table)', async () => {
    const { page } = session();
    await runCommandAndPickMany(page, 'Backprop Lens: Compare Runs…', RUNS.map((name) => `${name}-`));
    compare = await findFrameWith(page, '#compare-final-norms', 30_000);
    assert.ok(compare, 'no Compare Runs panel with #compare-final-norms within 30 s');
    const frame = compare;
    const legend = await pollUntil(page, () => legendEntries(frame), (found) => found.length === 2);
    // Picked from a newest-first list, the runs come newest first: the oldest (sigmoid, trained first) is the reference.
    assert.deepEqual(legend.map((e) => RUNS.findIndex((name) => e.label.startsWith(`${name}-`))), [0, 1], `oldest first: ${JSON.stringify(legend)}`);
    assert.deepEqual(legend.map((e) => e.changes), ['reference', 'layers[1–5].activation: sigmoid → relu'], JSON.stringify(legend));
    const norms = await pollUntil(page, () => finalNorms(frame), (found) => Object.keys(found).length === 2);
    const column = (name: string) => Object.entries(norms).find(([head]) => head.includes(name))?.[1] ?? [];
    const sigmoid = column('deep-sigmoid'), relu = column('deep-relu');
    const shown = JSON.stringify(norms);
    assert.equal(sigmoid.length, DEPTH, `a ‖δ^l‖ per layer for deep-sigmoid: ${shown}`);
    assert.equal(relu.length, DEPTH, `a ‖δ^l‖ per layer for deep-relu: ${shown}`);
    for (let l = 1; l < DEPTH; l++) assert.ok(sigmoid[l - 1] < sigmoid[l], `sigmoid: ‖δ^${l}‖ < ‖δ^${l + 1}‖ (${shown})`);
    assert.ok(sigmoid[DEPTH - 1] / sigmoid[0] > 100, `sigmoid: layer 1 is over two decades below the output (${shown})`);
    assert.ok(Math.max(...relu) / Math.min(...relu) < 10, `relu: every layer within one decade (${shown})`);
  });

  it('the ‖δ^l‖ small multiples draw the sigmoid line lower layer by layer toward the input (canvas pixels)', async () => {
    const { page } = session();
    assert.ok(compare, 'the Compare Runs panel did not open');
    const frame = compare;
    const canvases = (l: number) => `.norm-multiple[data-layer="${l}"] canvas`;
    const heights = async (name: string) => {
      const colour = await runColour(frame, name);
      assert.ok(colour, `no legend entry for ${name}`);
      const perLayer: (number | null)[] = [];
      for (let l = 1; l <= DEPTH; l++) perLayer.push((await lineHeights(frame, canvases(l), colour)).find((h) => h !== null) ?? null);
      return perLayer;
    };
    const sigmoid = await pollUntil(page, () => heights('deep-sigmoid'), (found) => found.every((h) => h !== null));
    const relu = await heights('deep-relu');
    const shown = `line heights (0 bottom, 1 top) per layer 1…${DEPTH}: sigmoid ${JSON.stringify(sigmoid)}, relu ${JSON.stringify(relu)}`;
    assert.ok(sigmoid.every((h) => h !== null) && relu.every((h) => h !== null), `every multiple draws both runs: ${shown}`);
    const [s, r] = [sigmoid as number[], relu as number[]];
    for (let l = 1; l < DEPTH; l++) assert.ok(s[l - 1] < s[l], `sigmoid's line is lower in layer ${l} than in layer ${l + 1}: ${shown}`);
    // Heights are shares of the whole canvas (axes included): seen 0.79 → 0.55 for sigmoid, 0.70 → 0.74 for relu.
    const drop = s[DEPTH - 1] - s[0], spread = Math.max(...r) - Math.min(...r);
    assert.ok(drop > 0.1, `sigmoid's line drops by over a tenth of the canvas from output to layer 1: ${shown}`);
    assert.ok(drop > 3 * spread, `relu's lines stay within a third of sigmoid's drop of each other: ${shown}`);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`${theme}: test-results/compare-${theme}.png and compare-${theme}-panel.png`, async () => {
      const { page } = session();
      assert.ok(compare, 'the Compare Runs panel did not open');
      await useTheme(page, theme);
      const frame = compare;
      await frame.waitForFunction((cls) => document.body.classList.contains(cls), `vscode-${theme}`, { timeout: 10_000 });
      await tidyForScreenshot(page);
      // The small multiples from the output layer down: where the vanishing shows.
      await frame.evaluate(() => document.getElementById('compare-norms')?.previousElementSibling?.scrollIntoView({ block: 'start' }));
      await page.waitForTimeout(1000); // the charts redraw in the new colours
      await page.screenshot({ path: join(resultsDir, `compare-${theme}.png`) });
      await (await frame.frameElement()).screenshot({ path: join(resultsDir, `compare-${theme}-panel.png`) });
      const contrasts = await swatchContrasts(frame);
      assert.equal(contrasts.length, RUNS.length, 'a swatch per run');
      for (const c of contrasts) assert.ok(c.ratio >= MIN_LINE_CONTRAST, `${theme}: run colour ${c.colour} on ${c.background} is ${c.ratio.toFixed(2)}:1 (${JSON.stringify(contrasts)})`);
    });
  }
});
