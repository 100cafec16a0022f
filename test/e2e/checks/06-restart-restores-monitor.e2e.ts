// "Developer: Reload Window" (a restart of the window and its extension host) brings the open monitor back through
// the panel serializer, with the run it showed: curve and δ heatmaps kept, a run that was training marked stopped.
import assert from 'node:assert/strict';
import { session } from '../support/session';
import { LONG_RUN_DENSE_LAYERS, LONG_RUN_FILE } from '../support/specs';
import { canvasPictures, monitorFrame, pollUntil, runStatus, SELECTORS, shownEpoch, textOf } from '../support/webview';
import { openFile, runCommand } from '../support/workbench';

describe('restarting the window', () => {
  it('Reload Window while training restores the monitor with its run, marked stopped', async () => {
    const { page } = session();
    await openFile(page, LONG_RUN_FILE);
    await runCommand(page, 'Backprop Lens: Train Network');
    const before = await monitorFrame(page);
    await pollUntil(page, () => runStatus(before), (text) => text.includes('running'), 60_000);
    const epochBefore = await pollUntil(page, () => shownEpoch(before).catch(() => 0), (epoch) => epoch >= 2, 20_000);
    await page.waitForTimeout(1500); // the webview persists its state at most once a second

    await runCommand(page, 'Developer: Reload Window');
    await page.waitForTimeout(2000); // the old workbench goes away
    await page.locator('.monaco-workbench .explorer-folders-view').waitFor({ timeout: 60_000 });
    const after = await monitorFrame(page, 60_000);
    const status = await pollUntil(page, () => runStatus(after), (text) => /stopped/.test(text), 60_000);
    assert.match(status, /stopped/, 'the run that was training before the restart is shown as stopped');
    assert.match(await textOf(after, '#run-message'), /ended when VS Code restarted/);
    assert.ok(await shownEpoch(after) >= epochBefore, 'the epochs trained before the restart are still shown');
    const heatmaps = await pollUntil(page, () => canvasPictures(after, SELECTORS.heatmapCanvas),
      (found) => found.length === LONG_RUN_DENSE_LAYERS && found.every((picture) => picture.distinctColours >= 2));
    assert.equal(heatmaps.length, LONG_RUN_DENSE_LAYERS, 'the restored monitor lost its δ heatmaps');
    const [loss] = await canvasPictures(after, SELECTORS.lossCanvas);
    assert.ok(loss && loss.distinctColours >= 2, 'the restored loss chart is blank');
    // The host finds the run's folder and shows it whole: the step slider (its δ frames) and the status-bar item are back.
    const slider = await pollUntil(page, () => after.$eval('#frame-scrubber', (el) => !(el as HTMLElement).hidden).catch(() => false), (shown) => shown, 30_000);
    assert.ok(slider, 'the restored monitor has no step slider (its δ frames were not restored)');
    const bar = await pollUntil(page, async () => (await page.locator('.part.statusbar').textContent()) ?? '', (text) => /epoch \d+\/1000000/.test(text), 30_000);
    assert.match(bar, /epoch \d+\/1000000/, 'the status-bar item did not come back');
  });
});
