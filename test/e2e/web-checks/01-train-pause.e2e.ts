// The browser build (the .vsix's "browser" entry in the web-worker extension host, as on vscode.dev): Train Network
// from the palette opens the monitor, which draws the loss and a δ heatmap per layer, and Pause from the palette lands.
import assert from 'node:assert/strict';
import { session, stage } from '../support/session';
import { LONG_RUN_DENSE_LAYERS, LONG_RUN_FILE } from '../support/specs';
import { armStatusTiming, canvasPictures, findMonitorFrame, monitorFrame, pollUntil, runStatus, SELECTORS, shownEpoch, statusTiming, textOf } from '../support/webview';
import { openFile, runCommand } from '../support/workbench';

describe('the browser build in the web-worker extension host', () => {
  it('Train Network from the palette opens the monitor, which shows the run as running', async () => {
    const { page } = session();
    await openFile(page, LONG_RUN_FILE);
    await runCommand(page, 'Backprop Lens: Train Network');
    const commandRan = Date.now();
    const found = await findMonitorFrame(page, 60_000);
    stage(`monitor ${found ? 'rendered' : 'not rendered'} ${((Date.now() - commandRan) / 1000).toFixed(1)} s after Train Network`);
    assert.ok(found, 'Train Network did not open the training monitor within 60 s');
    const status = await pollUntil(page, () => runStatus(found), (text) => text.includes('running'), 30_000);
    assert.match(status, /running/, `#run-status says "${status}"`);
    const trainer = await pollUntil(page, () => textOf(found, SELECTORS.trainer), (text) => text.length > 0, 10_000);
    assert.match(trainer, /1 thread \(browser\)$/, `${SELECTORS.trainer} says "${trainer}", not the browser's trainer`);
  });

  it('the monitor draws the loss chart and redraws it as the loss comes in', async () => {
    const { page } = session();
    const frame = await monitorFrame(page);
    const [before] = await canvasPictures(frame, SELECTORS.lossCanvas);
    assert.ok(before && before.width > 0 && before.height > 0, `monitor has no sized loss chart canvas (${SELECTORS.lossCanvas})`);
    const after = await pollUntil(page, async () => (await canvasPictures(frame, SELECTORS.lossCanvas))[0],
      (picture) => picture.distinctColours >= 2 && picture.fingerprint !== before.fingerprint, 20_000);
    assert.ok(after.distinctColours >= 2, 'loss chart canvas is blank');
    assert.notEqual(after.fingerprint, before.fingerprint, 'loss chart did not change while training');
  });

  it(`the monitor draws one δ heatmap per layer (${LONG_RUN_DENSE_LAYERS})`, async () => {
    const { page } = session();
    const frame = await monitorFrame(page);
    const pictures = await pollUntil(page, () => canvasPictures(frame, SELECTORS.heatmapCanvas),
      (found) => found.length === LONG_RUN_DENSE_LAYERS && found.every((p) => p.distinctColours >= 2), 20_000);
    assert.equal(pictures.length, LONG_RUN_DENSE_LAYERS, `expected ${LONG_RUN_DENSE_LAYERS} heatmaps (${SELECTORS.heatmapCanvas})`);
    pictures.forEach((picture, layer) => assert.ok(picture.distinctColours >= 2, `heatmap ${layer + 1} is blank`));
  });

  it('Pause / Resume Training from the palette lands: status paused, epoch frozen (the time it took is printed)', async () => {
    const { page } = session();
    const frame = await monitorFrame(page);
    await armStatusTiming(frame, null, /paused/);
    await runCommand(page, 'Backprop Lens: Pause / Resume Training');
    const ran = Date.now();
    const status = await pollUntil(page, () => runStatus(frame), (text) => /paused/.test(text), 60_000);
    const { changedAt } = await statusTiming(frame);
    stage(`Pause: "${status}" ${changedAt === undefined ? '(not seen by the observer)' : `${((changedAt - ran) / 1000).toFixed(2)} s after the palette closed (webview clock)`}`);
    assert.match(status, /paused/);
    const start = await shownEpoch(frame);
    await page.waitForTimeout(2000);
    assert.equal(await shownEpoch(frame), start, 'epoch advanced while paused');
    await runCommand(page, 'Backprop Lens: Stop Training');
    assert.match(await pollUntil(page, () => runStatus(frame), (text) => /stopped/.test(text), 60_000), /stopped/);
  }).timeout(180_000);
});
