/** Structural checks: the spec's JSON Schema interpreted over the jsonc tree, so the two cannot disagree. */
import type { Node } from 'jsonc-parser';
import { JsonPath, formatPath } from './diagnostics';
import { JsonSchema } from './schema-types';
import { Reporter } from './reporter';
import { closestName, didYouMean } from './suggest';
import { checkObject } from './structure-object';
import { checkNumber, describeNode, typeMatches } from './structure-scalar';

/**
 * Reports where `node` at `path` breaks `schema`. Supported keywords: type, enum, minimum, maximum,
 * exclusiveMinimum, exclusiveMaximum, minLength, properties, required, additionalProperties, dependencies,
 * items (schema or tuple), additionalItems, oneOf (object branches told apart by their first required key).
 * minItems is left to the semantic rule 'no-dense-layer', which can say why.
 */
export function checkNode(node: Node, schema: JsonSchema, path: JsonPath, reporter: Reporter): void {
  if (schema.oneOf) return checkOneOf(node, schema.oneOf, path, reporter);
  if (schema.type && !typeMatches(node, schema.type, path, reporter)) return;
  if (node.type === 'number') checkNumber(node, schema, path, reporter);
  if (node.type === 'string') checkString(node, schema, path, reporter);
  if (node.type === 'object') checkObject(node, schema, path, reporter, checkNode);
  if (node.type === 'array') checkItems(node, schema, path, reporter);
}

function checkString(node: Node, schema: JsonSchema, path: JsonPath, reporter: Reporter): void {
  const value = String(node.value);
  if (schema.enum && !schema.enum.includes(value)) {
    const suggestion = closestName(value, schema.enum);
    reporter.atNode('error', 'unknown-enum-value', path, node,
      `${formatPath(path)} is ${describeNode(node)}${didYouMean(suggestion)}: use one of ${schema.enum.join(', ')}.`,
      { allowed: [...schema.enum], ...(suggestion ? { suggestion } : {}) });
  } else if (schema.minLength !== undefined && value.length < schema.minLength) {
    reporter.atNode('error', 'empty-string', path, node, `${formatPath(path)} is empty: give a value.`);
  }
}

function checkItems(node: Node, schema: JsonSchema, path: JsonPath, reporter: Reporter): void {
  (node.children ?? []).forEach((item, index) => {
    const itemSchema = Array.isArray(schema.items) ? (schema.items[index] ?? schema.additionalItems) : schema.items;
    if (itemSchema) checkNode(item, itemSchema, [...path, index], reporter);
  });
}

/** The branch whose first required key (its discriminant) the object has; exactly one must match. */
function checkOneOf(node: Node, branches: JsonSchema[], path: JsonPath, reporter: Reporter): void {
  const discriminants = branches.map((branch) => branch.required?.[0] ?? '');
  const quoted = discriminants.map((key) => `"${key}"`).join(', ');
  if (node.type !== 'object') {
    reporter.atNode('error', 'wrong-type', path, node, `${formatPath(path)} must be an object with one of ${quoted}, not ${describeNode(node)}.`, { expected: 'object' });
    return;
  }
  const keys = new Set((node.children ?? []).map((property) => String(property.children?.[0]?.value)));
  const matching = branches.filter((_, i) => keys.has(discriminants[i]));
  if (matching.length === 1) return checkNode(node, matching[0], path, reporter);
  if (matching.length === 0) {
    reporter.atNode('error', 'data-source-missing', path, node, `${formatPath(path)} needs one of ${quoted} to say where the samples come from.`, { allowed: discriminants });
    return;
  }
  const present = matching.map((branch) => `"${branch.required?.[0]}"`).join(' and ');
  reporter.atNode('error', 'data-source-ambiguous', path, node, `${formatPath(path)} has both ${present}: keep exactly one.`);
}

