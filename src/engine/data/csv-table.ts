/** A CSV file read into numeric feature rows and raw target cells, every problem located by file, line and column. */
import { DataError, TargetColumnError } from './dataset';
import { forEachCsvRow } from './csv-parse';

export interface CsvTable {
  file: string;
  header: string[];
  /** Line of the header row. */
  headerLine: number;
  targetIndex: number;
  featureNames: string[];
  count: number;
  /** count × featureNames.length, sample-major, raw values. */
  features: Float64Array;
  /** Trimmed target cell per row. */
  targetCells: string[];
  /** Line of each row's target cell (for errors raised later, e.g. an unknown class). */
  targetLines: Int32Array;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The cell as a finite number, or why it is not one. */
export function parseNumberCell(cell: string): number | { reason: string } {
  const s = cell.trim();
  if (s === '') return { reason: 'is empty' };
  if (DECIMAL.test(s)) {
    const v = Number(s);
    return Number.isFinite(v) ? v : { reason: `"${s}" is too large for a float64` };
  }
  if (/^[+-]?nan$/i.test(s)) return { reason: `"${s}" is not a number (a missing value?)` };
  if (/^[+-]?(inf|infinity)$/i.test(s)) return { reason: `"${s}" is infinite` };
  const shown = s.length > 40 ? `${s.slice(0, 40)}…` : s;
  return { reason: `"${shown}" is not a number` };
}

/** A DataError for one cell: "file line L, column C (name): what". */
export function cellError(file: string, line: number, column: number, name: string, what: string): DataError {
  return new DataError(`${file} line ${line}, column ${column} (${name}): ${what}`, file, line, column);
}

/** Checks the header row: names present, unique, and not a row of numbers. */
function checkHeader(header: string[], file: string, line: number): void {
  if (header.every((h) => DECIMAL.test(h))) {
    throw new DataError(`${file} line ${line}: the first row is all numbers, so it looks like data; the first row must name the columns, e.g. "x1,x2,label"`, file, line);
  }
  const seen = new Map<string, number>();
  header.forEach((name, k) => {
    if (name === '') throw new DataError(`${file} line ${line}, column ${k + 1}: the header gives this column no name`, file, line, k + 1);
    const first = seen.get(name);
    if (first !== undefined) {
      throw new DataError(`${file} line ${line}, column ${k + 1}: column name "${name}" repeats column ${first + 1}`, file, line, k + 1);
    }
    seen.set(name, k);
  });
}

/** The target column's index; a missing name lists the columns there are (and hints at a wrong separator). */
function findTarget(header: string[], target: string, file: string, line: number): number {
  const index = header.indexOf(target);
  if (index >= 0) return index;
  const sep = header.length === 1 && /[;\t|]/.test(header[0]) ? ' (the header has one column: is the separator not a comma?)' : '';
  const shown = header.slice(0, 50).map((h) => `"${h}"`).join(', ') + (header.length > 50 ? ', …' : '');
  throw new TargetColumnError(`${file} line ${line}: target column "${target}" is not in the header; columns are ${shown}${sep}`, header, file, line);
}

/** Growable float64 storage for feature rows. */
class RowBuffer {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
}

/** The header row: checked names, the target's index, and (for a test file) the same columns as training. */
function readHeader(fields: string[], line: number, file: string, target: string, expectedHeader?: string[]): { header: string[]; targetIndex: number } {
  const header = fields.map((f) => f.trim());
  checkHeader(header, file, line);
  if (expectedHeader && header.join('\u0000') !== expectedHeader.join('\u0000')) {
    throw new DataError(`${file} line ${line}: the header differs from the training file's (${expectedHeader.join(',')})`, file, line);
  }
  const targetIndex = findTarget(header, target, file, line);
  if (header.length < 2) throw new DataError(`${file} line ${line}: besides the target "${target}" there is no feature column`, file, line);
  return { header, targetIndex };
}

/** Accumulates data rows: numeric features into a buffer, target cells as trimmed text. */
class RowReader {
  readonly features = new RowBuffer();
  readonly targetCells: string[] = [];
  readonly targetLines: number[] = [];
  constructor(readonly file: string, readonly header: string[], readonly targetIndex: number) {}

  /** One data row; a wrong field count, a non-numeric feature or an empty target is an error at its place. */
  add(fields: string[], lines: readonly number[]): void {
    const { file, header, targetIndex } = this;
    if (fields.length !== header.length) {
      throw new DataError(`${file} line ${lines[0]}: this row has ${fields.length} fields, the header has ${header.length}`, file, lines[0]);
    }
    for (let k = 0; k < fields.length; k++) {
      if (k === targetIndex) continue;
      const v = parseNumberCell(fields[k]);
      if (typeof v !== 'number') throw cellError(file, lines[k], k + 1, header[k], v.reason);
      this.features.push(v);
    }
    const cell = fields[targetIndex].trim();
    if (cell === '') throw cellError(file, lines[targetIndex], targetIndex + 1, header[targetIndex], 'the target is empty');
    this.targetCells.push(cell);
    this.targetLines.push(lines[targetIndex]);
  }
}

/**
 * Reads `text` (header row first). When `expectedHeader` is given (a test file), the header must match it.
 * Features must be finite numbers; the target cell is kept as text and must not be empty.
 */
export function readCsvTable(text: string, file: string, target: string, expectedHeader?: string[]): CsvTable {
  let rows: RowReader | null = null;
  let headerLine = 1;
  forEachCsvRow(text, file, (fields, lines) => {
    if (rows) return rows.add(fields, lines);
    headerLine = lines[0];
    const { header, targetIndex } = readHeader(fields, headerLine, file, target, expectedHeader);
    rows = new RowReader(file, header, targetIndex);
  });
  const reader = rows as RowReader | null;
  if (!reader) throw new DataError(`${file} line 1: the file is empty; it needs a header row and data rows`, file, 1);
  const { header, targetIndex, features, targetCells } = reader;
  if (targetCells.length === 0) throw new DataError(`${file} line ${headerLine}: there are no data rows after the header`, file, headerLine);
  return {
    file, header, headerLine, targetIndex,
    featureNames: header.filter((_, k) => k !== targetIndex),
    count: targetCells.length,
    features: features.data.slice(0, features.length),
    targetCells,
    targetLines: Int32Array.from(reader.targetLines),
  };
}
