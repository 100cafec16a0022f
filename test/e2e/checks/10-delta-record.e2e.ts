// The δ record of a short run (issue 12): 0.1 s of training draws a complete ‖δ‖ chart and δ-over-time map, the step
// slider moves the δ heatmaps to another step, and after Reload Window "Open Run…" replays the saved run with every view.
// Screenshots: test-results/open-run-light.png and open-run-dark.png (workbench), -panel.png (the monitor alone).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { resultsDir, session } from '../support/session';
import { SHORT_RUN_DENSE_LAYERS, SHORT_RUN_EPOCHS, SHORT_RUN_FILE } from '../support/specs';
import { canvasPictures, monitorFrame, pollUntil, runStatus, SELECTORS, shownEpoch, textOf, timeMapFill, type CanvasPicture } from '../support/webview';
import { openFile, runCommand, runCommandAndPick, useTheme, tidyForScreenshot } from '../support/workbench';

/** The bar for a 0.1 s run: at least this many ‖δ‖ points and δ-over-time columns. */
const MIN_POINTS = 100;
/** The batch maps the slider moves: (W^{l+1})ᵀδ^{l+1}, σ'(z^l) and δ^l of every layer. */
const BATCH_MAPS = '.upstream-heatmap, .sigma-heatmap, .batch-heatmap';

/** `data-points` of the ‖δ‖ chart (README-selectors.md): how many steps its lines have. */
async function normPoints(frame: Frame): Promise<number> {
  return Number(await frame.getAttribute('#norm-chart', 'data-points').catch(() => null) ?? 0);
}

/** Asserts the ‖δ‖ chart and the δ-over-time maps of a finished short run are complete. */
async function assertCompleteRecord(page: Page, frame: Frame, where: string): Promise<void> {
  const points = await pollUntil(page, () => normPoints(frame), (n) => n >= MIN_POINTS, 10_000);
  assert.ok(points >= MIN_POINTS, `${where}: the ‖δ‖ chart has ${points} points (#norm-chart data-points), wanted ≥ ${MIN_POINTS}`);
  const [chart] = await canvasPictures(frame, '#norm-chart canvas');
  assert.ok(chart && chart.distinctColours >= 2, `${where}: the ‖δ‖ chart is blank`);
  const maps = await pollUntil(page, () => timeMapFill(frame), (found) => found.length === SHORT_RUN_DENSE_LAYERS && found.every((m) => m.columns >= MIN_POINTS));
  assert.equal(maps.length, SHORT_RUN_DENSE_LAYERS, `${where}: one δ-over-time map per dense layer`);
  for (const map of maps) {
    const text = `${where}: layer ${map.layer}'s δ-over-time map ${JSON.stringify(map)}`;
    assert.ok(map.columns >= MIN_POINTS, `${text} has fewer than ${MIN_POINTS} columns`);
    assert.equal(map.opaqueShare, 1, `${text} has undrawn cells`);
    // Not every column: once the run has converged, the output layer's batch-mean δ is near 0 on the shared scale.
    assert.ok(map.inkedColumnShare >= 0.5, `${text}: most columns show only δ = 0`);
  }
}

/** Drawn pictures of the batch maps once there is one per layer and kind. */
function batchMaps(page: Page, frame: Frame): Promise<CanvasPicture[]> {
  return pollUntil(page, () => canvasPictures(frame, BATCH_MAPS), (found) => found.length === 3 * SHORT_RUN_DENSE_LAYERS && found.every((p) => p.distinctColours >= 2));
}

describe('the δ record of a 0.1 s run', () => {
  it(`${SHORT_RUN_FILE} (${SHORT_RUN_EPOCHS} epochs, ~0.1 s) finishes with ≥ ${MIN_POINTS} ‖δ‖ points and filled δ-over-time maps`, async () => {
    const { page } = session();
    await openFile(page, SHORT_RUN_FILE);
    await runCommand(page, 'Backprop Lens: Train Network');
    const frame = await monitorFrame(page);
    const status = await pollUntil(page, () => runStatus(frame), (text) => /finished/.test(text), 30_000);
    assert.match(status, /finished/, 'the short run did not finish');
    assert.equal(await shownEpoch(frame), SHORT_RUN_EPOCHS);
    await assertCompleteRecord(page, frame, 'live monitor');
  });

  it('moving the step slider to its first step redraws the δ heatmaps of every layer', async () => {
    const { page } = session();
    const frame = await monitorFrame(page);
    await frame.locator('#frame-slider').waitFor({ state: 'visible', timeout: 10_000 });
    const before = await batchMaps(page, frame);
    assert.equal(before.length, 3 * SHORT_RUN_DENSE_LAYERS, `upstream, σ' and δ maps per layer (${BATCH_MAPS})`);
    await frame.locator('#frame-slider').focus();
    await page.keyboard.press('Home'); // as a user moves a focused range input
    const readout = await pollUntil(page, () => textOf(frame, '#frame-step'), (text) => /^\d+ · epoch \d+/.test(text), 10_000);
    assert.match(readout, /^\d+ · epoch \d+/, 'the slider\'s read-out does not name the pinned step');
    const after = await pollUntil(page, () => batchMaps(page, frame), (found) => found.every((p, i) => p.fingerprint !== before[i].fingerprint), 10_000);
    after.forEach((picture, i) => assert.notEqual(picture.fingerprint, before[i].fingerprint, `batch map ${i} (${BATCH_MAPS}) did not change at ${readout}`));
  });

  it('after Reload Window, Open Run… replays the finished run from its folder with every view', async () => {
    const { page } = session();
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForTimeout(2000); // the old workbench goes away
    await page.locator('.monaco-workbench .explorer-folders-view').waitFor({ timeout: 60_000 });
    await runCommand(page, 'View: Close All Editors', 60_000); // the monitor comes back by itself: Open Run must bring it
    const prefix = SHORT_RUN_FILE.replace('.nn.json', '-');
    const offered = await runCommandAndPick(page, 'Backprop Lens: Open Run…', prefix);
    const folder = offered.find((label) => label.startsWith(prefix))!.split(',')[0];
    const frame = await monitorFrame(page, 30_000);
    const saved = await pollUntil(page, () => textOf(frame, '#saved-run'), (text) => text.includes(folder), 10_000);
    assert.ok(saved.includes(folder), `#saved-run says "${saved}", not the folder picked (${folder})`);
    assert.match(await runStatus(frame), /finished/);
    assert.equal(await shownEpoch(frame), SHORT_RUN_EPOCHS);
    const [loss] = await canvasPictures(frame, SELECTORS.lossCanvas);
    assert.ok(loss && loss.distinctColours >= 2, 'the loss chart is blank');
    await assertCompleteRecord(page, frame, 'Open Run');
    assert.equal((await batchMaps(page, frame)).length, 3 * SHORT_RUN_DENSE_LAYERS, 'the batch δ maps of the last frame');
    const [boundary] = await canvasPictures(frame, '#boundary');
    assert.ok(boundary && boundary.distinctColours >= 2, 'the decision boundary is blank');
    await frame.locator('#frame-slider').waitFor({ state: 'visible', timeout: 10_000 });
  });

  it('a δ cell of the saved run, then "Explain with the final weights": a copy of the run explains it, BP2 typeset, the diagram drawn (test-results/explain-final-weights-panel.png)', async () => {
    const { page } = session();
    const frame = await monitorFrame(page);
    const cell = '.layer-row[data-layer="1"] canvas.batch-heatmap';
    const position = await frame.locator(cell).evaluate((node) => {
      const canvas = node as HTMLCanvasElement, rect = canvas.getBoundingClientRect();
      return { x: (1.5 / canvas.width) * rect.width, y: (2.5 / canvas.height) * rect.height }; // row 2, column 1
    });
    await frame.locator(cell).click({ position });
    const button = frame.locator('.explain-final-weights');
    await button.waitFor({ state: 'visible', timeout: 10_000 });
    await button.click();
    const status = await pollUntil(page, () => textOf(frame, '.explain-status'), (text) => text.includes('stepped from its final weights'), 30_000);
    const steps = SHORT_RUN_EPOCHS * 20; // 320 training samples / batch 16
    assert.match(status, new RegExp(`^Layer 1 of ${SHORT_RUN_DENSE_LAYERS}, neuron 3: sample \\d+ \\(batch column 2\\) of the mini-batch a copy of the run stepped from its final weights \\(step ${steps + 1}\\);`)); // SGD: no optimizer state to lose
    assert.ok(await frame.locator('.explain-bp2 .katex').count() > 0, 'BP2 typeset by KaTeX');
    const [diagram] = await pollUntil(page, () => canvasPictures(frame, 'canvas.network-diagram'), (found) => found.length === 1 && found[0].distinctColours >= 2, 10_000);
    assert.ok(diagram && diagram.distinctColours >= 2, 'the network diagram draws the sample');
    await frame.locator('#section-explain').scrollIntoViewIfNeeded();
    await (await frame.frameElement()).screenshot({ path: join(resultsDir, 'explain-final-weights-panel.png') });
  });

  for (const theme of ['dark', 'light'] as const) {
    it(`${theme}: test-results/open-run-${theme}.png and open-run-${theme}-panel.png`, async () => {
      const { page } = session();
      await useTheme(page, theme);
      const frame = await monitorFrame(page);
      await frame.waitForFunction((cls) => document.body.classList.contains(cls), `vscode-${theme}`, { timeout: 10_000 });
      await tidyForScreenshot(page);
      await frame.locator('#section-norms').scrollIntoViewIfNeeded();
      await page.waitForTimeout(1000); // the charts redraw in the new colours
      await page.screenshot({ path: join(resultsDir, `open-run-${theme}.png`) });
      await (await frame.frameElement()).screenshot({ path: join(resultsDir, `open-run-${theme}-panel.png`) });
    });
  }
});
