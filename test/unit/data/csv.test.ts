import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCsvDataset } from '../../../src/engine/data/csv';
import { normalizeInput } from '../../../src/engine/data/normalize';
import { CsvDataSpec } from '../../../src/engine/spec/types';
import { assertDataError } from './helpers';

const spec = (extra: Partial<CsvDataSpec> = {}): CsvDataSpec => ({ csv: 'd.csv', target: 'y', ...extra });
const parse = (text: string, extra: Partial<CsvDataSpec> = {}, testText?: string) =>
  parseCsvDataset(text, spec(extra), 'd.csv', 1, testText);

describe('CSV data sets', () => {
  it('string classes: sorted class names, labels, numeric features sample-major', () => {
    const d = parse('a,y,b\n1,cat,2\n3,dog,4\n5,cat,6\n');
    assert.equal(d.task, 'classification');
    assert.deepEqual(d.classNames, ['cat', 'dog']);
    assert.deepEqual(d.featureNames, ['a', 'b']);
    assert.equal(d.inputSize, 2);
    assert.equal(d.outputSize, 2);
    assert.deepEqual(Array.from(d.train.x), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(Array.from(d.train.labels!), [0, 1, 0]);
    assert.ok(d.train.x instanceof Float64Array);
  });

  it('quoted fields with commas and newlines parse as cells', () => {
    const d = parse('"a, the first",y\n"1",  "big, red"\n2,"small\nblue"\n');
    assert.deepEqual(d.featureNames, ['a, the first']);
    assert.deepEqual(d.classNames, ['big, red', 'small\nblue']);
  });

  it('CRLF files give the same data set as LF files', () => {
    const lf = parse('a,y\n1,p\n2,q\n3,p\n');
    const crlf = parse('a,y\r\n1,p\r\n2,q\r\n3,p\r\n');
    assert.deepEqual(crlf, lf);
  });

  it('numeric targets are regression unless task says classification; integer classes sort numerically', () => {
    const reg = parse('a,y\n1,0.5\n2,1.5\n');
    assert.equal(reg.task, 'regression');
    assert.deepEqual(Array.from(reg.train.targets!), [0.5, 1.5]);
    const cls = parse('a,y\n1,10\n2,9\n3,10.0\n4,2\n', { task: 'classification' });
    assert.deepEqual(cls.classNames, ['2', '9', '10']);
    assert.deepEqual(Array.from(cls.train.labels!), [2, 1, 2, 0]);
  });

  it('integer targets are classes when the caller says the loss is cross-entropy; non-integers stay regression', () => {
    const ints = parseCsvDataset('a,y\n1,0\n2,1\n3,2\n', spec(), 'd.csv', 1, undefined, { integerTargetsAreClasses: true });
    assert.equal(ints.task, 'classification');
    assert.deepEqual(ints.classNames, ['0', '1', '2']);
    const floats = parseCsvDataset('a,y\n1,0.5\n2,1\n', spec(), 'd.csv', 1, undefined, { integerTargetsAreClasses: true });
    assert.equal(floats.task, 'regression');
    const told = parseCsvDataset('a,y\n1,0\n2,1\n', spec({ task: 'regression' }), 'd.csv', 1, undefined, { integerTargetsAreClasses: true });
    assert.equal(told.task, 'regression');
  });

  it('a missing target column lists the columns there are', () => {
    assertDataError(() => parse('a,b,label\n1,2,3\n'), { line: 1, file: 'd.csv' }, /target column "y" is not in the header; columns are "a", "b", "label"/);
  });

  it('a semicolon file gets a separator hint', () => {
    assertDataError(() => parse('a;y\n1;2\n'), { line: 1 }, /separator/);
  });

  it('a header row of numbers is refused', () => {
    assertDataError(() => parse('1,2\n3,4\n'), { line: 1 }, /looks like data/);
  });

  it('an empty file and a header without rows are refused', () => {
    assertDataError(() => parse(''), { line: 1 }, /empty/);
    assertDataError(() => parse('\na,y\n'), { line: 2 }, /no data rows/);
  });

  it('a ragged row names its line', () => {
    assertDataError(() => parse('a,b,y\n1,2,p\n3,4,q\n5,r\n'), { line: 4 }, /line 4: this row has 2 fields, the header has 3/);
  });

  it('bad cells name file, line, column and the column name', () => {
    const cases: [string, RegExp][] = [
      ['', /is empty/], ['NaN', /"NaN" is not a number/], ['Infinity', /"Infinity" is infinite/], ['-inf', /"-inf" is infinite/],
      ['abc', /"abc" is not a number/], ['1e999', /"1e999" is too large/], ['0x10', /"0x10" is not a number/], ['1,5', /this row has 4 fields/],
    ];
    for (const [cell, why] of cases) {
      const text = `a,b,y\n1,2,p\n3,${cell},q\n`;
      const ragged = why.source.startsWith('this row');
      const located = ragged ? 'line 3: ' : 'line 3, column 2 \\(b\\): ';
      const where = { line: 3, column: ragged ? undefined : 2, file: 'd.csv' };
      assertDataError(() => parse(text), where, new RegExp(`d\\.csv ${located}${why.source}`));
    }
  });

  it('a bad cell after a multi-line quoted field is located on its own line', () => {
    assertDataError(() => parse('y,a\n"x\ny",oops\n'), { line: 3, column: 2 }, /\(a\)/);
  });

  it('an empty target cell is an error at its cell', () => {
    assertDataError(() => parse('a,y\n1,p\n2, \n'), { line: 3, column: 2 }, /target is empty/);
  });

  it('a non-numeric target with task regression is an error at its cell', () => {
    assertDataError(() => parse('a,y\n1,2\n2,x\n', { task: 'regression' }), { line: 3, column: 2 }, /regression target must be a number/);
  });

  it('a single class is refused', () => {
    assertDataError(() => parse('a,y\n1,p\n2,p\n'), { file: 'd.csv', line: 1, column: 2 }, /single class "p"/);
  });

  it('more than 10,000 classes is refused at the row that crosses the limit', () => {
    const rows = Array.from({ length: 10_001 }, (_, i) => `${i},c${i}`);
    assertDataError(() => parse(`a,y\n${rows.join('\n')}\n`), { line: 10_002, column: 2 }, /more than 10000 distinct classes/);
  });

  it('duplicate and empty header names are refused with their column', () => {
    assertDataError(() => parse('a,a,y\n1,2,p\n'), { line: 1, column: 2 }, /repeats column 1/);
    assertDataError(() => parse(',a,y\n1,2,p\n'), { line: 1, column: 1 }, /no name/);
  });

  it('a class only in the test file is an error at its line in that file', () => {
    const train = 'a,y\n1,p\n2,q\n';
    const test = 'a,y\n1,p\n2,r\n';
    assertDataError(() => parse(train, { testCsv: 't.csv' }, test), { file: 't.csv', line: 3, column: 2 }, /class "r" does not occur in the training data/);
  });

  it('a class that a testFraction split puts only in test is an error at its line', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},common${i % 2}`);
    rows.splice(17, 0, '99,rare');
    const text = `a,y\n${rows.join('\n')}\n`;
    let failures = 0;
    for (let seed = 1; seed <= 40; seed++) {
      try {
        parseCsvDataset(text, spec({ testFraction: 0.5 }), 'd.csv', seed);
      } catch (e) {
        failures++;
        assert.match((e as Error).message, /line 19, column 2 \(y\): class "rare" landed only in the test split/);
      }
    }
    assert.ok(failures > 5 && failures < 35, `rare class went to test in ${failures} of 40 seeds`);
  });

  it('a test file must have the same header', () => {
    assertDataError(() => parse('a,y\n1,p\n2,q\n', { testCsv: 't.csv' }, 'b,y\n1,p\n'), { file: 't.csv', line: 1 }, /header differs/);
  });

  it('standardize takes mean and std from the training split only and applies them to both', () => {
    const train = 'a,y\n0,p\n2,q\n4,p\n6,q\n';
    const test = 'a,y\n100,p\n';
    const d = parse(train, { testCsv: 't.csv', normalize: 'standardize' }, test);
    const sd = Math.sqrt(5);
    assert.deepEqual(d.normalization, { method: 'standardize', shift: [3], scale: [sd] });
    assert.deepEqual(Array.from(d.train.x), [-3 / sd, -1 / sd, 1 / sd, 3 / sd]);
    assert.deepEqual(Array.from(d.test.x), [97 / sd]);
  });

  it('minmax statistics come from the training split of a testFraction split', () => {
    const rows = Array.from({ length: 20 }, (_, i) => `${i},${i % 2 ? 'p' : 'q'}`);
    const d = parse(`a,y\n${rows.join('\n')}\n`, { testFraction: 0.3, normalize: 'minmax' });
    const raw = Array.from(d.train.x, (v) => v * d.normalization!.scale[0] + d.normalization!.shift[0]);
    assert.equal(d.normalization!.shift[0], Math.min(...raw));
    assert.ok(Math.abs(d.normalization!.scale[0] - (Math.max(...raw) - Math.min(...raw))) < 1e-12);
    assert.ok(Math.min(...d.train.x) === 0 && Math.abs(Math.max(...d.train.x) - 1) < 1e-12);
    assert.equal(d.train.count + d.test.count, 20);
    assert.equal(d.test.count, 6);
  });

  it('normalizeInput maps a raw row exactly as training did (what a saved model needs)', () => {
    const d = parse('a,b,y\n1,10,p\n2,30,q\n4,20,p\n', { normalize: 'minmax' });
    assert.deepEqual(Array.from(normalizeInput(d.normalization, [2, 30])), Array.from(d.train.x.subarray(2, 4)));
    assert.deepEqual(Array.from(normalizeInput(d.normalization, [2, 30])), [1 / 3, 1]);
    assert.deepEqual(Array.from(normalizeInput(null, [2, 30])), [2, 30]);
  });

  it('a constant feature standardizes to 0 instead of dividing by zero', () => {
    const d = parse('a,y\n5,p\n5,q\n', { normalize: 'standardize' });
    assert.deepEqual(Array.from(d.train.x), [0, 0]);
    assert.deepEqual(d.normalization!.scale, [1]);
  });

  it('examples/iris.csv: 150 rows, 4 features, 50 per species', () => {
    const d = parseCsvDataset(readFileSync('examples/iris.csv', 'utf8'), spec({ target: 'species' }), 'iris.csv', 1);
    assert.equal(d.train.count, 150);
    assert.deepEqual(d.featureNames, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    assert.deepEqual(d.classNames, ['setosa', 'versicolor', 'virginica']);
    const counts = [0, 0, 0];
    for (const l of d.train.labels!) counts[l]++;
    assert.deepEqual(counts, [50, 50, 50]);
    const meanSepalLength = Array.from(d.train.x).filter((_, i) => i % 4 === 0).reduce((a, b) => a + b, 0) / 150;
    assert.ok(Math.abs(meanSepalLength - 5.8433) < 1e-4, `mean sepal length ${meanSepalLength}`);
  });
});
