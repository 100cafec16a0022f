// CSV quick fixes (pure): a header row for a file that starts with data (a wrong target: quickFixes.test.ts).
import * as assert from 'node:assert/strict';
import { csvFixes, splitCsvLine } from '../../../src/extension/authoring/csvFixes';

describe('CSV quick fixes', () => {
  it('splitCsvLine handles quotes, escaped quotes and spaces', () => {
    assert.deepEqual(splitCsvLine(' a ,"b,c","say ""hi""",'), ['a', 'b,c', 'say "hi"', '']);
  });

  it('a first row of numbers: a header x1…xn,label (BOM and CR ignored)', () => {
    const fixes = csvFixes('d.csv line 1: the first row is all numbers, so it looks like data; …', '\uFEFF0.5,1,2,0\r');
    assert.deepEqual(fixes, [{ kind: 'addHeader', header: ['x1', 'x2', 'x3', 'label'], target: 'label' }]);
  });

  it('other data errors offer nothing', () => {
    assert.deepEqual(csvFixes('d.csv line 4: this row has 3 fields, the header has 4', 'a,b,c,d'), []);
    assert.deepEqual(csvFixes('d.csv line 1: target column "species" is not in the header; columns are a, b', 'a,b'), [], 'the target fix comes from the diagnostic');
  });
});
