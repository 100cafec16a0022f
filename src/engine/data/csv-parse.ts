/**
 * RFC 4180 CSV tokenizer: comma-separated fields, double-quoted fields may hold commas, line breaks and
 * doubled quotes (""), rows end in CRLF, LF or CR. Spaces or tabs around a quoted field are allowed and dropped. Streams rows so large files never become a string[][].
 */
import { DataError } from './dataset';

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Called once per non-blank row. `fields` is a new array (may be kept); `fieldLines[j]` is the 1-based line
 * on which field j starts and is reused between calls (copy it to keep it).
 */
export type CsvRowHandler = (fields: string[], fieldLines: readonly number[]) => void;

/** Number of line breaks (CRLF, LF or lone CR) in text[from, to). */
function countLineBreaks(text: string, from: number, to: number): number {
  let breaks = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) breaks++;
  }
  return breaks;
}

/** Where a field that starts with a quote at `open` ends: its value, the index after the closing quote, lines crossed. */
function readQuoted(text: string, open: number, file: string, line: number, column: number): { value: string; end: number; lines: number } {
  let value = '';
  let segmentStart = open + 1;
  let i = open + 1;
  let lines = 0;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) {
      throw new DataError(`${file} line ${line}, column ${column}: a quoted field opens here and is never closed`, file, line, column);
    }
    lines += countLineBreaks(text, i, q);
    if (text.charCodeAt(q + 1) === QUOTE) {
      value += text.slice(segmentStart, q + 1);
      i = segmentStart = q + 2;
      continue;
    }
    value += text.slice(segmentStart, q);
    return { value, end: q + 1, lines };
  }
}

/** Index of the first comma, CR or LF at or after `from` (text.length if none). */
function unquotedEnd(text: string, from: number): number {
  let j = from;
  for (; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === COMMA || c === LF || c === CR) break;
  }
  return j;
}

/** Index of the first character at or after `from` that is not a space or tab. */
function skipBlanks(text: string, from: number): number {
  let j = from;
  while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
  return j;
}

/** One field starting at `from`: its value, the index of the separator after it, line breaks inside, quoted or not. */
function readField(text: string, from: number, file: string, line: number, column: number): { value: string; end: number; lines: number; quoted: boolean } {
  const open = skipBlanks(text, from);
  if (open >= text.length || text.charCodeAt(open) !== QUOTE) {
    const end = unquotedEnd(text, from);
    return { value: text.slice(from, end), end, lines: 0, quoted: false };
  }
  const quoted = readQuoted(text, open, file, line, column);
  const end = skipBlanks(text, quoted.end);
  const c = text.charCodeAt(end);
  if (end < text.length && c !== COMMA && c !== LF && c !== CR) {
    const at = line + quoted.lines;
    throw new DataError(`${file} line ${at}, column ${column}: unexpected text after a closing quote (write a quote inside a quoted field as "")`, file, at, column);
  }
  return { value: quoted.value, end, lines: quoted.lines, quoted: true };
}

/** Tokenizes `text`, calling onRow per row; blank lines (nothing but spaces or tabs) are skipped; a leading byte-order mark is ignored. */
export function forEachCsvRow(text: string, file: string, onRow: CsvRowHandler): void {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let fields: string[] = [];
  const fieldLines: number[] = [];
  let anyQuoted = false;
  const endRow = (): void => {
    const blank = fields.length === 1 && !anyQuoted && /^[ \t]*$/.test(fields[0]);
    if (!blank) onRow(fields, fieldLines);
    fields = [];
    fieldLines.length = 0;
    anyQuoted = false;
  };
  while (i < n) {
    const field = readField(text, i, file, line, fields.length + 1);
    fieldLines[fields.length] = line;
    fields.push(field.value);
    anyQuoted ||= field.quoted;
    line += field.lines;
    i = field.end;
    const c = text.charCodeAt(i);
    if (i < n && c === COMMA) {
      i++;
      if (i === n) { fieldLines[fields.length] = line; fields.push(''); } // a trailing comma ends with an empty field
      else continue;
    } else if (i < n) {
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
    }
    endRow();
  }
}

/** Parses all rows at once (small files, tests): rows plus the line each row starts on. */
export function parseCsvRows(text: string, file = 'CSV'): { rows: string[][]; lines: number[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  forEachCsvRow(text, file, (fields, fieldLines) => {
    rows.push(fields);
    lines.push(fieldLines[0]);
  });
  return { rows, lines };
}
