// The compact side view (its own activity-bar container) follows the running run: status, loss sparkline, one ‖δ‖ bar
// per layer and the last gradient-check verdict; its Pause button pauses the run the dashboard shows.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { resultsDir, session, stage } from '../support/session';
import { LONG_RUN_DENSE_LAYERS } from '../support/specs';
import { canvasPictures, findFrameWith, monitorFrame, pollUntil, runStatus, textOf } from '../support/webview';
import { runCommand } from '../support/workbench';

describe('side view', () => {
  it('shows the running run: status, sparkline, one ‖δ‖ bar per layer, the gradient-check verdict', async () => {
    const { page } = session();
    await page.locator('.activitybar .action-item a[aria-label^="Backprop Lens"]').click();
    const clicked = Date.now();
    // A new webview under a training worker on 2 cores: it took 29 s once here (usually 3-9 s); the log says how long.
    const side = await findFrameWith(page, '#sidebar-run-status', 60_000);
    stage(`side view ${side ? 'rendered' : 'not rendered'} ${((Date.now() - clicked) / 1000).toFixed(1)} s after its icon was clicked`);
    assert.ok(side, 'the Backprop Lens side view did not appear within 60 s after clicking its activity-bar icon');
    const status = await pollUntil(page, () => textOf(side, '#sidebar-run-status'), (text) => /running/i.test(text));
    assert.match(status, /running/i);
    const bars = await pollUntil(page, () => side.$$eval('#sidebar-norm-bars .norm-bar', (nodes) => nodes.length), (n) => n === LONG_RUN_DENSE_LAYERS);
    assert.equal(bars, LONG_RUN_DENSE_LAYERS, 'one ‖δ‖ bar per dense layer');
    const [sparkline] = await pollUntil(page, () => canvasPictures(side, '#sidebar-sparkline'), ([p]) => (p?.distinctColours ?? 0) >= 2);
    assert.ok(sparkline && sparkline.distinctColours >= 2, 'the loss sparkline is blank');
    const verdict = await pollUntil(page, () => textOf(side, '#sidebar-gradcheck'), (text) => /pass|warn|fail/i.test(text));
    assert.match(verdict, /pass|warn|fail/i, 'the gradient check run from the palette is summarised');
    await page.screenshot({ path: join(resultsDir, 'side-view.png') });
  });

  it('its Pause button pauses the run (the dashboard says paused), Resume resumes it', async () => {
    const { page } = session();
    try {
      const side = await findFrameWith(page, '#sidebar-run-status', 5_000);
      assert.ok(side, 'side view gone');
      const dashboard = await monitorFrame(page);
      await clickWhenLabelled(page, side, 'Pause');
      assert.match(await pollUntil(page, () => runStatus(dashboard), (text) => /paused/.test(text), 60_000), /paused/); // see 04-pause-stop
      // The button says what it will do: a user clicks Resume once the side view shows it (it is updated a few times a second).
      await clickWhenLabelled(page, side, 'Resume');
      assert.match(await pollUntil(page, () => runStatus(dashboard), (text) => /running/.test(text), 60_000), /running/);
    } finally {
      await runCommand(page, 'View: Show Explorer'); // later checks expect the explorer, also when this one failed
    }
  });
});

/** Clicks the side view's pause/resume button once it reads `label`. */
async function clickWhenLabelled(page: Page, side: Frame, label: 'Pause' | 'Resume'): Promise<void> {
  const shown = await pollUntil(page, () => textOf(side, '#sidebar-btn-pause'), (text) => text === label, 10_000);
  assert.equal(shown, label, `the side view's button never read ${label}`);
  await side.click('#sidebar-btn-pause');
}
