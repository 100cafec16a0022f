/** The draft-07 JSON Schema subset (plus VS Code's editor keywords) the spec schema is written in. */

export type JsonSchemaType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';

interface JsonSchemaSnippet { label: string; description?: string; body: unknown }

export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  title?: string;
  description?: string;
  /** VS Code: hover text in Markdown (plain `description` is the fallback for other editors). */
  markdownDescription?: string;
  type?: JsonSchemaType;
  enum?: readonly string[];
  /** VS Code: one description per enum value, shown in completion. */
  enumDescriptions?: string[];
  markdownEnumDescriptions?: string[];
  default?: unknown;
  examples?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean;
  /** draft-07 property dependencies: when the key is present, the listed properties are required too. */
  dependencies?: Record<string, readonly string[]>;
  /** A schema for every item, or a tuple of schemas for the first items (then `additionalItems` for the rest). */
  items?: JsonSchema | JsonSchema[];
  additionalItems?: JsonSchema;
  minItems?: number;
  /** Exactly one branch; validate.ts tells object branches apart by their first required property. */
  oneOf?: JsonSchema[];
  /** Any branch (the editor schema only: hints that never fail, see editor-schema.ts). */
  anyOf?: JsonSchema[];
  definitions?: Record<string, JsonSchema>;
  /** VS Code: completion snippets for the value. */
  defaultSnippets?: JsonSchemaSnippet[];
  /** VS Code: accept comments / trailing commas in files tied to this schema. */
  allowComments?: boolean;
  allowTrailingCommas?: boolean;
}

/** Keys of T that are not optional. */
export type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

type MissingRequired<T, R extends readonly unknown[]> = Exclude<RequiredKeys<T>, R[number]>;

/** Fields of an object schema for T: one property per key of T (no more, no fewer), `required` = T's required keys. */
export type ObjectSchemaFor<T, R extends readonly RequiredKeys<T>[]> = Omit<JsonSchema, 'properties' | 'required'> & {
  properties: { [K in keyof T]-?: JsonSchema };
  required: R & ([MissingRequired<T, R>] extends [never] ? unknown : { missingRequiredKeys: MissingRequired<T, R> });
};

/**
 * An object schema checked against the TypeScript type T at compile time: a property missing from the schema,
 * a schema property T does not have, or a wrong `required` list is a type error. Unknown properties are refused.
 */
export function objectSchema<T>() {
  return <const R extends readonly RequiredKeys<T>[]>(fields: ObjectSchemaFor<T, R>): JsonSchema => ({
    type: 'object',
    ...fields,
    required: fields.required as readonly string[],
    additionalProperties: false,
  });
}
