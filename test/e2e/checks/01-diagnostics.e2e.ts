// An invalid spec shows Backprop Lens diagnostics in the Problems view; a valid one shows none.
import assert from 'node:assert/strict';
import { session } from '../support/session';
import { BROKEN_FILE, LONG_RUN_FILE } from '../support/specs';
import { pollUntil } from '../support/webview';
import { openFile, problemRows } from '../support/workbench';

/** Problem rows that belong to `fileName` and come from Backprop Lens (message mentions the bad values). */
const isBrokenSpecProblem = (row: string) => /banana|activation|learningRate|learning rate/i.test(row);

describe('spec diagnostics', () => {
  it(`${BROKEN_FILE} shows its errors in the Problems view`, async () => {
    const { page } = session();
    await openFile(page, BROKEN_FILE);
    const rows = await pollUntil(page, () => problemRows(page), (found) => found.some(isBrokenSpecProblem), 30_000);
    assert.ok(rows.some(isBrokenSpecProblem), `Problems view has no diagnostic about the bad activation or learning rate; rows: ${JSON.stringify(rows)}`);
  });

  it(`${LONG_RUN_FILE} (valid) adds no problem`, async () => {
    const { page } = session();
    await openFile(page, LONG_RUN_FILE);
    await page.waitForTimeout(2000); // give diagnostics of the newly opened file time to arrive
    const rows = await problemRows(page);
    const aboutValidSpec = rows.filter((row) => row.includes(LONG_RUN_FILE));
    assert.deepEqual(aboutValidSpec, [], `valid spec has problems: ${JSON.stringify(aboutValidSpec)}`);
  });
});
