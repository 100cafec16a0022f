/** JSON values written as Python literals (True/False/None), for the constants at the top of exported .py files. */

/** A Python literal of a JSON value: numbers in JavaScript's shortest round-trip form, strings JSON-escaped. */
function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a Python literal`);
    return Number.isInteger(value) && Math.abs(value) < 1e21 ? String(value) : String(value).replace(/^(-?\d+)e/, '$1.0e');
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${pythonLiteral(v)}`).join(', ')}}`;
  }
  throw new Error(`cannot write a ${typeof value} as a Python literal`);
}

/** `NAME = literal` lines, one per entry. */
export function pythonConstants(constants: Record<string, unknown>): string {
  return Object.entries(constants).map(([name, value]) => `${name} = ${pythonLiteral(value)}`).join('\n');
}
