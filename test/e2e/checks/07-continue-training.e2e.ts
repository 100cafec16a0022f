// "Continue Training from a Saved Model…" offers the spec's run folders, newest first, and trains from the one picked.
import assert from 'node:assert/strict';
import { session } from '../support/session';
import { LONG_RUN_FILE } from '../support/specs';
import { monitorFrame, pollUntil, runStatus } from '../support/webview';
import { openFile, runCommand, runCommandAndPick } from '../support/workbench';

describe('continuing from a saved model', () => {
  it('offers the spec\'s runs newest first (the runs above left their model.json) and trains from the one picked', async () => {
    const { page } = session();
    await openFile(page, LONG_RUN_FILE);
    const prefix = '.backprop-lens/runs/e2e-long-run-';
    const offered = await runCommandAndPick(page, 'Backprop Lens: Continue Training from a Saved Model…', prefix);
    const runs = offered.filter((label) => label.startsWith(prefix));
    assert.ok(runs.length >= 2, `the runs of 02 and 06 are offered: ${JSON.stringify(offered)}`);
    assert.deepEqual(runs, [...runs].sort().reverse(), 'newest first');
    assert.ok(offered.some((label) => label.startsWith('Browse…') || label.includes('Browse…')), 'and Browse… for any model');
    const frame = await monitorFrame(page);
    assert.match(await pollUntil(page, () => runStatus(frame), (text) => /running/.test(text), 60_000), /running/);
    await runCommand(page, 'Backprop Lens: Stop Training');
    assert.match(await pollUntil(page, () => runStatus(frame), (text) => /stopped/.test(text), 60_000), /stopped/);
  });
});
