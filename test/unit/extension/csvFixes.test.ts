// CSV quick fixes (pure): target among the header's columns, or a header row for a file that starts with data.
import * as assert from 'node:assert/strict';
import { csvFixes, splitCsvLine } from '../../../src/extension/authoring/csvFixes';

describe('CSV quick fixes', () => {
  it('splitCsvLine handles quotes, escaped quotes and spaces', () => {
    assert.deepEqual(splitCsvLine(' a ,"b,c","say ""hi""",'), ['a', 'b,c', 'say "hi"', '']);
  });

  it('a target missing from the header: the columns are offered, the last one first', () => {
    const fixes = csvFixes('d.csv line 1: target column "species" is not in the header; columns are f1, f2, label', 'f1,f2,label\r');
    assert.deepEqual(fixes, [{ kind: 'setTarget', column: 'label' }, { kind: 'setTarget', column: 'f2' }, { kind: 'setTarget', column: 'f1' }]);
  });

  it('a first row of numbers: a header x1…xn,label (BOM and CR ignored)', () => {
    const fixes = csvFixes('d.csv line 1: the first row is all numbers, so it looks like data; …', '\uFEFF0.5,1,2,0\r');
    assert.deepEqual(fixes, [{ kind: 'addHeader', header: ['x1', 'x2', 'x3', 'label'], target: 'label' }]);
  });

  it('other data errors offer nothing', () => {
    assert.deepEqual(csvFixes('d.csv line 4: this row has 3 fields, the header has 4', 'a,b,c,d'), []);
  });
});
