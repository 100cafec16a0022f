/** Quick fixes for CSV problems found by loading the data (pure): a missing header row (a wrong target: quickFixes.ts). */

export interface CsvFix { kind: 'addHeader'; header: string[]; target: string }

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

/** The fixes for a data error `message` about a CSV whose first line is `firstLine`: add a header row x1,…,xn,label. */
export function csvFixes(message: string, firstLine: string): CsvFix[] {
  const fields = splitCsvLine(firstLine.replace(/^\uFEFF/, '').replace(/\r$/, ''));
  if (/first row is all numbers/.test(message) && fields.length >= 2 && fields.every(isNumber)) {
    const header = [...fields.slice(0, -1).map((_, k) => `x${k + 1}`), 'label'];
    return [{ kind: 'addHeader', header, target: 'label' }];
  }
  return [];
}
