/** Object checks: required, unknown and duplicate properties, property dependencies. */
import type { Node } from 'jsonc-parser';
import { JsonPath, formatPath } from './diagnostics';
import { JsonSchema } from './schema-types';
import { Reporter } from './reporter';
import { closestName, didYouMean } from './suggest';

type Recurse = (node: Node, schema: JsonSchema, path: JsonPath, reporter: Reporter) => void;

/** Property nodes by key, in text order; the last of duplicates is the one JSON.parse keeps. */
function propertiesByKey(node: Node): Map<string, Node[]> {
  const byKey = new Map<string, Node[]>();
  for (const property of node.children ?? []) {
    const key = String(property.children?.[0]?.value);
    byKey.set(key, [...(byKey.get(key) ?? []), property]);
  }
  return byKey;
}

export function checkObject(node: Node, schema: JsonSchema, path: JsonPath, reporter: Reporter, recurse: Recurse): void {
  const byKey = propertiesByKey(node);
  const known = Object.keys(schema.properties ?? {});
  for (const [key, properties] of byKey) {
    const keyNode = properties[properties.length - 1].children![0];
    reportDuplicates(key, properties, path, reporter);
    const propertySchema = schema.properties && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
    const valueNode = properties[properties.length - 1].children?.[1];
    if (propertySchema && valueNode) recurse(valueNode, propertySchema, [...path, key], reporter);
    else if (!propertySchema && schema.additionalProperties === false) reportUnknown(key, keyNode, known, path, reporter);
  }
  reportMissing(schema, byKey, path, reporter);
}

function reportDuplicates(key: string, properties: Node[], path: JsonPath, reporter: Reporter): void {
  const used = properties[properties.length - 1].children![0];
  const usedLine = reporter.lines.positionAt(used.offset).line + 1;
  for (const earlier of properties.slice(0, -1)) {
    reporter.atNode('warning', 'duplicate-property', [...path, key], earlier.children![0],
      `${formatPath([...path, key])} appears more than once; only the last one (line ${usedLine}) counts: delete this one.`);
  }
}

function reportUnknown(key: string, keyNode: Node, known: string[], path: JsonPath, reporter: Reporter): void {
  const suggestion = closestName(key, known);
  const where = path.length === 0 ? 'a spec' : formatPath(path);
  reporter.atNode('warning', 'unknown-property', [...path, key], keyNode,
    `"${key}" is not a property of ${where}${didYouMean(suggestion)}; it is ignored.`, suggestion ? { suggestion } : undefined);
}

/** Required properties, and properties required by another's presence (draft-07 `dependencies`). */
function reportMissing(schema: JsonSchema, byKey: Map<string, Node[]>, path: JsonPath, reporter: Reporter): void {
  const owner = path.length === 0 ? 'The spec' : formatPath(path);
  for (const key of schema.required ?? []) {
    if (byKey.has(key)) continue;
    const propertySchema = schema.properties && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
    const example = propertySchema?.default;
    const choices = propertySchema?.enum?.map((name) => JSON.stringify(name)).join(', ');
    const hint = example !== undefined ? `, e.g. "${key}": ${JSON.stringify(example)}` : choices ? ` (one of ${choices})` : '';
    reporter.atPath('error', 'missing-property', [...path, key], `${owner} needs "${key}": add it${hint}.`, { property: key, ...(example !== undefined ? { default: example } : {}) });
  }
  for (const [key, needed] of Object.entries(schema.dependencies ?? {})) {
    if (!byKey.has(key)) continue;
    for (const other of needed.filter((name) => !byKey.has(name))) {
      reporter.atPath('error', 'missing-property', [...path, other], `${owner} has "${key}" but no "${other}": add "${other}" too, or remove "${key}".`, { property: other });
    }
  }
}
