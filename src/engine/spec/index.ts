/** The spec format's public face: parse, validate, resolve defaults, and the JSON Schema. */
export { parseSpecText, MAX_NESTING } from './parse';
export { validateSpec, checkSpec } from './validate';
export { resolveSpec } from './resolve';
export { NN_SPEC_SCHEMA, editorSchemaJsonText, schemaJsonText } from './schema';
export type { JsonSchema } from './schema-types';
export { LineIndex } from './diagnostics';
export { specDiff, formatChange } from './diff';
export type {
  SpecDiagnostic, SpecSeverity, SpecRange, SpecContext, JsonPath,
} from './diagnostics';
export * from './types';
