/**
 * The schema VS Code's JSON support gets (`contributes.jsonValidation`): the spec schema with its value rules turned
 * into hints. The extension's own validator checks those rules with specific, located messages; left in the editor's
 * schema, VS Code's JSON service reported each such problem a second time ("Value is not accepted…"). Completion,
 * snippets and hovers are unchanged; a value of the wrong JSON type is still flagged by both.
 */
import type { JsonSchema } from './schema-types';

/** Keywords that only reject values: dropped from the editor schema. */
const VALUE_RULES = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'minItems', 'required', 'dependencies'] as const;

/** `schema` for the editor: rules dropped, closed objects opened, enums kept as suggestions (an enum or anything). */
export function editorSchema(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  for (const rule of VALUE_RULES) delete out[rule];
  if (out.additionalProperties === false) delete out.additionalProperties;
  if (out.properties) out.properties = Object.fromEntries(Object.entries(out.properties).map(([key, value]) => [key, editorSchema(value)]));
  if (out.items) out.items = Array.isArray(out.items) ? out.items.map(editorSchema) : editorSchema(out.items);
  if (out.additionalItems) out.additionalItems = editorSchema(out.additionalItems);
  if (out.oneOf) {
    out.anyOf = out.oneOf.map(editorSchema);
    delete out.oneOf;
  }
  if (out.enum) {
    const { enum: values, enumDescriptions, markdownEnumDescriptions } = out;
    delete out.enum; delete out.enumDescriptions; delete out.markdownEnumDescriptions;
    out.anyOf = [{ enum: values, enumDescriptions, markdownEnumDescriptions }, {}];
  }
  return out;
}
