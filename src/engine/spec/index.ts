/** The spec format's public face: parse, validate, resolve defaults, and the JSON Schema. */
export { parseSpecText, MAX_SPEC_CHARS, MAX_NESTING } from './parse';
export type { ParsedSpec } from './parse';
export { validateSpec, checkSpec } from './validate';
export type { CheckedSpec } from './validate';
export { resolveSpec } from './resolve';
export type { ResolvedSpec, ResolvedDataSpec } from './resolve';
export { NN_SPEC_SCHEMA, editorSchemaJsonText, schemaJsonText } from './schema';
export type { JsonSchema } from './schema-types';
export { formatPath, LineIndex } from './diagnostics';
export { specDiff, formatChange } from './diff';
export type { SpecChange } from './diff';
export type {
  SpecDiagnostic, SpecDiagnosticCode, SpecSeverity, SpecRange, SpecPosition, SpecContext, SpecDataInfo, JsonPath,
} from './diagnostics';
export * from './types';
