import assert from 'node:assert/strict';
import { parseCsvRows, forEachCsvRow } from '../../../src/engine/data/csv-parse';
import { assertDataError } from './helpers';

describe('CSV tokenizer (RFC 4180)', () => {
  it('splits plain rows and ignores a trailing newline', () => {
    assert.deepEqual(parseCsvRows('a,b\n1,2\n').rows, [['a', 'b'], ['1', '2']]);
  });

  it('keeps commas, newlines and doubled quotes inside quoted fields', () => {
    const { rows, lines } = parseCsvRows('name,x\n"Smith, J.",1\n"two\nlines",2\n"say ""hi""",3\n');
    assert.deepEqual(rows, [['name', 'x'], ['Smith, J.', '1'], ['two\nlines', '2'], ['say "hi"', '3']]);
    assert.deepEqual(lines, [1, 2, 3, 5]);
  });

  it('accepts CRLF and lone CR line ends, and keeps CRLF inside quotes', () => {
    assert.deepEqual(parseCsvRows('a,b\r\n1,2\r\n3,4').rows, [['a', 'b'], ['1', '2'], ['3', '4']]);
    assert.deepEqual(parseCsvRows('a,b\r1,2\r').rows, [['a', 'b'], ['1', '2']]);
    const { rows, lines } = parseCsvRows('a\r\n"x\r\ny"\r\nz\r\n');
    assert.deepEqual(rows, [['a'], ['x\r\ny'], ['z']]);
    assert.deepEqual(lines, [1, 2, 4]);
  });

  it('skips blank lines but counts them, and strips a byte-order mark', () => {
    const { rows, lines } = parseCsvRows('\uFEFFa,b\n\n1,2\n   \n3,4');
    assert.deepEqual(rows, [['a', 'b'], ['1', '2'], ['3', '4']]);
    assert.deepEqual(lines, [1, 3, 5]);
  });

  it('keeps empty fields, including a trailing one', () => {
    assert.deepEqual(parseCsvRows('a,,c,\n""').rows, [['a', '', 'c', ''], ['']]);
  });

  it('drops spaces around a quoted field but keeps them in unquoted ones', () => {
    assert.deepEqual(parseCsvRows('a, "b, c" ,d\n x ,y').rows, [['a', 'b, c', 'd'], [' x ', 'y']]);
  });

  it('reports the line each field starts on', () => {
    const seen: number[][] = [];
    forEachCsvRow('a,b,c\n"1\n2",x,"3\n\n4",y', 'f.csv', (_, fieldLines) => seen.push([...fieldLines]));
    assert.deepEqual(seen, [[1, 1, 1], [2, 3, 3, 5]]);
  });

  it('an unclosed quote is an error at the line and column where it opens', () => {
    assertDataError(() => parseCsvRows('a,b\n1,"2\n3,4\n', 'f.csv'), { line: 2, column: 2, file: 'f.csv' }, /never closed/);
  });

  it('text after a closing quote is an error at its line and column', () => {
    assertDataError(() => parseCsvRows('a,b\n1,"2"x\n', 'f.csv'), { line: 2, column: 2 }, /after a closing quote/);
  });
});
