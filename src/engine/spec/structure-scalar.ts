/** Type and number-range checks of single values against the schema. */
import type { Node } from 'jsonc-parser';
import { JsonPath, formatPath } from './diagnostics';
import { JsonSchema, JsonSchemaType } from './schema-types';
import { Reporter } from './reporter';

const TYPE_NAMES: Record<JsonSchemaType, string> = {
  object: 'an object', array: 'an array', string: 'a string', number: 'a number', integer: 'a whole number', boolean: 'true or false',
};

/** A short rendering of a node's value for messages: "rellu", 2.5, an object… */
export function describeNode(node: Node): string {
  if (node.type === 'object') return 'an object';
  if (node.type === 'array') return 'an array';
  if (node.type === 'null') return 'null';
  if (node.type === 'string') {
    const text = JSON.stringify(node.value);
    return text.length > 40 ? `${text.slice(0, 37)}…"` : text;
  }
  return String(node.value);
}

/** True if `node` has the schema's type; otherwise reports wrong-type, not-integer or not-finite. */
export function typeMatches(node: Node, type: JsonSchemaType, path: JsonPath, reporter: Reporter): boolean {
  const where = formatPath(path);
  if (node.type === 'number' && !Number.isFinite(node.value)) {
    reporter.atNode('error', 'not-finite', path, node, `${where} is too large to be a number: use a finite value.`);
    return false;
  }
  if (type === 'integer' && node.type === 'number') {
    if (Number.isInteger(node.value)) return true;
    const rounded = Math.max(1, Math.round(node.value));
    reporter.atNode('error', 'not-integer', path, node, `${where} must be a whole number, not ${node.value}: use e.g. ${rounded}.`, { expected: rounded });
    return false;
  }
  const actual = type === 'integer' ? 'number' : type;
  if (node.type === actual) return true;
  reporter.atNode('error', 'wrong-type', path, node, `${where} must be ${TYPE_NAMES[type]}, not ${describeNode(node)}${quoteHint(node, type)}.`, { expected: type });
  return false;
}

/** ": remove the quotes" when a string holds what was wanted ("16" for 16, "true" for true). */
function quoteHint(node: Node, type: JsonSchemaType): string {
  if (node.type !== 'string') return '';
  const text = String(node.value).trim();
  const numeric = text !== '' && Number.isFinite(Number(text));
  if ((type === 'number' || type === 'integer') && numeric) return ': remove the quotes';
  if (type === 'boolean' && (text === 'true' || text === 'false')) return ': remove the quotes';
  return '';
}

/** "in [0, 1)", "at least 1", "greater than 0"… from the schema's bounds, or undefined if unbounded. */
function boundsText(schema: JsonSchema): string | undefined {
  const low = schema.minimum !== undefined ? `[${schema.minimum}` : schema.exclusiveMinimum !== undefined ? `(${schema.exclusiveMinimum}` : undefined;
  const high = schema.maximum !== undefined ? `${schema.maximum}]` : schema.exclusiveMaximum !== undefined ? `${schema.exclusiveMaximum})` : undefined;
  if (low && high) return `in ${low}, ${high}`;
  if (schema.minimum !== undefined) return `at least ${schema.minimum}`;
  if (schema.exclusiveMinimum !== undefined) return `greater than ${schema.exclusiveMinimum}`;
  if (schema.maximum !== undefined) return `at most ${schema.maximum}`;
  if (schema.exclusiveMaximum !== undefined) return `less than ${schema.exclusiveMaximum}`;
  return undefined;
}

/** True when `value` lies within the schema's bounds. */
function withinBounds(value: number, schema: JsonSchema): boolean {
  return !(schema.minimum !== undefined && value < schema.minimum)
    && !(schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
    && !(schema.maximum !== undefined && value > schema.maximum)
    && !(schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum);
}

/** Reports out-of-range numbers, with the bounds the schema sets. */
export function checkNumber(node: Node, schema: JsonSchema, path: JsonPath, reporter: Reporter): void {
  const value = Number(node.value);
  if (withinBounds(value, schema)) return;
  const example = typeof schema.default === 'number' ? ` (e.g. ${schema.default})` : '';
  reporter.atNode('error', 'out-of-range', path, node, `${formatPath(path)} is ${value} but must be ${boundsText(schema)}${example}.`, {
    minimum: schema.minimum ?? schema.exclusiveMinimum, maximum: schema.maximum ?? schema.exclusiveMaximum,
  });
}
