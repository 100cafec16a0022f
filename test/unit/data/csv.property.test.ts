import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCsvRows } from '../../../src/engine/data/csv-parse';
import { parseCsvDataset } from '../../../src/engine/data/csv';
import { DataError } from '../../../src/engine/data/dataset';

/** RFC 4180 writer: quotes a field when it holds a quote, comma, line break or BOM, is empty, or has edge blanks. */
function csvField(value: string): string {
  return /[",\r\n\uFEFF]|^[ \t]|[ \t]$|^$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
function writeCsv(rows: string[][], eol: string, trailing: boolean): string {
  return rows.map((r) => r.map(csvField).join(',')).join(eol) + (trailing ? eol : '');
}

/** FC_SCALE=10 npx mocha … runs ten times as many inputs. */
const SCALE = Number(process.env.FC_SCALE ?? 1);
const RUNS = { roundTrip: 1500 * SCALE, dataset: 1000 * SCALE, garbage: 4000 * SCALE };

/** Cells drawn from characters that matter to CSV, plus any unicode. */
const cell = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r', '\t', '1', '\uFEFF') , maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);

describe('CSV property tests (fast-check)', () => {
  it(`random tables round-trip through an RFC 4180 writer (${RUNS.roundTrip} tables)`, () => {
    const table = fc.integer({ min: 1, max: 5 }).chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 6 }));
    fc.assert(fc.property(table, fc.constantFrom('\n', '\r\n'), fc.boolean(), (rows, eol, trailing) => {
      assert.deepEqual(parseCsvRows(writeCsv(rows, eol, trailing)).rows, rows);
    }), { numRuns: RUNS.roundTrip });
  });

  it(`random numeric data sets keep every value and class (${RUNS.dataset} data sets)`, () => {
    const name = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', ' ', '\n', 'x'), minLength: 1, maxLength: 5 })
      .filter((s) => s.trim() === s && !/^[\d.+-]/.test(s) && s !== '');
    const data = fc.record({
      names: fc.uniqueArray(name, { minLength: 2, maxLength: 4 }),
      rows: fc.array(fc.tuple(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 3, maxLength: 3 }), fc.constantFrom('p', 'q, r', '"s"')), { minLength: 2, maxLength: 12 }),
    }).filter((d) => new Set(d.rows.map((r) => r[1])).size >= 2);
    fc.assert(fc.property(data, ({ names, rows }) => {
      const width = names.length - 1;
      const text = writeCsv([names, ...rows.map(([xs, y]) => [...xs.slice(0, width).map(String), y])], '\r\n', true);
      const d = parseCsvDataset(text, { csv: 'd.csv', target: names[width] }, 'd.csv', 1);
      assert.deepEqual(d.featureNames, names.slice(0, width));
      assert.deepEqual(Array.from(d.train.x), rows.flatMap(([xs]) => xs.slice(0, width).map((v) => (Object.is(v, -0) ? 0 : v))));
      assert.deepEqual(Array.from(d.train.labels!, (l) => d.classNames![l]), rows.map((r) => r[1]));
    }), { numRuns: RUNS.dataset });
  });

  it(`garbage never throws anything but a DataError with file and line (${RUNS.garbage} inputs)`, () => {
    const garbage = fc.oneof(
      fc.string({ unit: fc.constantFrom('y', 'a', '1', '.', '-', 'e', ',', '"', '\n', '\r', ' ', 'N'), maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.array(fc.array(cell, { maxLength: 4 }), { maxLength: 5 }).map((rows) => ['y,a', ...rows.map((r) => r.join(','))].join('\n')),
      fc.array(fc.tuple(fc.constantFrom('p', 'q', '1', '2', '2.0', ''), fc.constantFrom('1', '2.5', '-3', ' 4 ', 'x', '', 'NaN')), { maxLength: 12 })
        .map((rows) => ['y,a', ...rows.map((r) => r.join(','))].join('\r\n')),
    );
    let parsed = 0;
    fc.assert(fc.property(garbage, fc.constantFrom<'classification' | 'regression' | undefined>(undefined, 'classification', 'regression'), fc.constantFrom(0, 0.5), (text, task, testFraction) => {
      try {
        parseCsvDataset(text, { csv: 'g.csv', target: 'y', task, testFraction, normalize: 'standardize' }, 'g.csv', 1);
        parsed++;
      } catch (e) {
        if (!(e instanceof DataError)) throw e;
        assert.equal(e.file, 'g.csv', e.message);
        assert.ok(Number.isInteger(e.line) && e.line! >= 1 && e.line! <= text.length + 1, `line ${e.line}: ${e.message}`);
        assert.match(e.message, /^g\.csv line \d+/);
      }
    }), { numRuns: RUNS.garbage });
    assert.ok(parsed > 0, 'some garbage inputs should parse');
  });
});
