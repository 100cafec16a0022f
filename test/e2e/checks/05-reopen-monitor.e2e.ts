// "Backprop Lens: Open Training Monitor" brings the monitor back with the last run after it was closed.
import assert from 'node:assert/strict';
import { session } from '../support/session';
import { LONG_RUN_DENSE_LAYERS } from '../support/specs';
import { canvasPictures, monitorFrame, pollUntil, runStatus, SELECTORS } from '../support/webview';
import { runCommand } from '../support/workbench';

describe('reopening the monitor', () => {
  it('Open Training Monitor shows the stopped run again after the monitor was closed', async () => {
    const { page } = session();
    await runCommand(page, 'View: Close All Editors');
    await page.waitForTimeout(1000);
    await runCommand(page, 'Backprop Lens: Open Training Monitor');
    const frame = await monitorFrame(page);
    const status = await pollUntil(page, () => runStatus(frame), (text) => /stopped/.test(text), 10_000);
    assert.match(status, /stopped/, 'reopened monitor does not show the stopped run');
    const heatmaps = await pollUntil(page, () => canvasPictures(frame, SELECTORS.heatmapCanvas), (found) => found.length === LONG_RUN_DENSE_LAYERS);
    assert.equal(heatmaps.length, LONG_RUN_DENSE_LAYERS, 'reopened monitor lost its heatmaps');
  });
});
