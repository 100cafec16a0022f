/** Quick fixes for CSV problems found by loading the data (pure): a target not in the header, a missing header row. */

export type CsvFix =
  | { kind: 'setTarget'; column: string }
  | { kind: 'addHeader'; header: string[]; target: string };

/** Splits a CSV line on commas outside double quotes, unquoting fields. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '', quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') { field += '"'; i++; }
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) { fields.push(field.trim()); field = ''; }
    else field += c;
  }
  fields.push(field.trim());
  return fields;
}

const isNumber = (s: string) => s !== '' && Number.isFinite(Number(s));

/**
 * The fixes for a data error `message` about a CSV whose first line is `firstLine`: pick the target among the
 * header's columns (last column first, as targets usually are), or add a header row x1,…,xn,label.
 */
export function csvFixes(message: string, firstLine: string): CsvFix[] {
  const fields = splitCsvLine(firstLine.replace(/^\uFEFF/, '').replace(/\r$/, ''));
  if (/target column ".*" is not in the header/.test(message)) {
    return fields.filter((f) => f !== '').reverse().slice(0, 6).map((column) => ({ kind: 'setTarget', column }));
  }
  if (/first row is all numbers/.test(message) && fields.length >= 2 && fields.every(isNumber)) {
    const header = [...fields.slice(0, -1).map((_, k) => `x${k + 1}`), 'label'];
    return [{ kind: 'addHeader', header, target: 'label' }];
  }
  return [];
}
