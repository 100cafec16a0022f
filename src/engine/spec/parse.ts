/** Reading spec text: JSON with comments and trailing commas, then the schema's structural checks. */
import { Node, ParseError, createScanner, getNodeValue, parseTree, printParseErrorCode } from 'jsonc-parser';
import { SpecDiagnostic } from './diagnostics';
import { Reporter } from './reporter';
import { checkNode } from './structure';
import { NN_SPEC_SCHEMA } from './schema';
import type { NetworkSpec } from './types';

/** Specs are small; longer texts are refused before parsing. */
const MAX_SPEC_CHARS = 1_000_000;
/** Deeper nesting than this is junk (a spec needs 4 levels); refusing it keeps the recursive parser safe. */
export const MAX_NESTING = 64;
const MAX_SYNTAX_ERRORS = 20;

/** jsonc-parser's SyntaxKind values (a const enum, not importable under isolatedModules). */
const OPEN_BRACE = 1, CLOSE_BRACE = 2, OPEN_BRACKET = 3, CLOSE_BRACKET = 4, EOF = 17;

export interface ParsedSpec {
  /** Present when the text is JSON of the spec's shape (no errors so far); semantic checks are validateSpec's. */
  spec?: NetworkSpec;
  /** The jsonc tree (offsets into the text), when the text could be parsed. */
  tree?: Node;
  diagnostics: SpecDiagnostic[];
}

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Unexpected character: JSON needs double-quoted strings and no NaN, Infinity or undefined',
  InvalidNumberFormat: 'Invalid number: write e.g. 0.5, 16 or 1e-5',
  PropertyNameExpected: 'Expected a property name in double quotes',
  ValueExpected: 'Expected a value (a number, string, true/false, null, object or array)',
  ColonExpected: 'Expected ":" after the property name',
  CommaExpected: 'Expected "," between entries',
  CloseBraceExpected: 'Expected "}" to close the object',
  CloseBracketExpected: 'Expected "]" to close the array',
  EndOfFileExpected: 'Expected the end of the file: a spec is a single { … } object',
  InvalidCommentToken: 'Invalid comment',
  UnexpectedEndOfComment: 'Unterminated /* comment: close it with */',
  UnexpectedEndOfString: 'Unterminated string: close it with "',
  UnexpectedEndOfNumber: 'Incomplete number',
  InvalidUnicode: 'Invalid \\u escape: use four hex digits',
  InvalidEscapeCharacter: 'Invalid escape: use \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX',
  InvalidCharacter: 'Control character in a string: escape it (e.g. \\n, \\t)',
};

/** Offset where bracket nesting first exceeds MAX_NESTING, -1 if never; 'empty' if there is no token at all. */
function scanNesting(text: string): number | 'empty' {
  const scanner = createScanner(text, true);
  let depth = 0;
  let sawToken = false;
  for (let kind = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    sawToken = true;
    if (kind === OPEN_BRACE || kind === OPEN_BRACKET) depth++;
    else if (kind === CLOSE_BRACE || kind === CLOSE_BRACKET) depth = Math.max(0, depth - 1);
    if (depth > MAX_NESTING) return scanner.getTokenOffset();
  }
  return sawToken ? -1 : 'empty';
}

/** Refusals before parsing: too large, empty, too deep. True if the text may be parsed. */
function precheck(text: string, reporter: Reporter): boolean {
  if (text.length > MAX_SPEC_CHARS) {
    const size = (text.length / 1e6).toFixed(1);
    reporter.atOffset('error', 'spec-too-large', [], 0, 0, `The spec has ${size} million characters; a spec is a small file (at most ${MAX_SPEC_CHARS / 1e6} million): keep data in a CSV or IDX file.`);
    return false;
  }
  const nesting = scanNesting(text);
  if (nesting === 'empty') {
    reporter.atOffset('error', 'empty-file', [], 0, text.length, 'The spec is empty: write a { … } object with "data", "layers", "loss", "optimizer" and "training".');
    return false;
  }
  if (nesting >= 0) {
    reporter.atOffset('error', 'too-deep', [], nesting, 1, `Brackets are nested more than ${MAX_NESTING} deep here; a spec needs at most 4 levels: remove the extra brackets.`);
    return false;
  }
  return true;
}

/** Errors after which the parser picks up cleanly; after any other (a stray character, an unclosed string) the rest follows from it. */
const RESYNCHRONISING = new Set(['CommaExpected', 'ColonExpected']);

/** One error per typo: a repeat at the same offset and everything after an error that derails the parser are left out. */
function independentSyntaxErrors(errors: ParseError[]): ParseError[] {
  const kept: ParseError[] = [];
  for (const error of errors) {
    const last = kept[kept.length - 1];
    if (last && !RESYNCHRONISING.has(printParseErrorCode(last.error))) break;
    if (last && last.offset === error.offset) continue;
    kept.push(error);
  }
  return kept;
}

function reportSyntax(errors: ParseError[], reporter: Reporter): void {
  const independent = independentSyntaxErrors(errors);
  for (const error of independent.slice(0, MAX_SYNTAX_ERRORS)) {
    const name = printParseErrorCode(error.error);
    const message = SYNTAX_MESSAGES[name] ?? `Syntax error (${name})`;
    reporter.atOffset('error', 'syntax-error', [], error.offset, error.length, `${message}.`, { parseError: name });
  }
  if (independent.length > MAX_SYNTAX_ERRORS) {
    const last = independent[independent.length - 1];
    reporter.atOffset('error', 'syntax-error', [], last.offset, last.length, `${independent.length - MAX_SYNTAX_ERRORS} more syntax errors: fix the first ones.`);
  }
}

/** Parses and checks structure into `reporter`; returns the tree and whether syntax allows further checks. */
export function readSpecInto(text: string, reporter: Reporter): { tree?: Node; syntaxOk: boolean } {
  if (!precheck(text, reporter)) return { syntaxOk: false };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  reporter.tree = tree;
  reportSyntax(errors, reporter);
  if (errors.length > 0 || !tree) return { tree, syntaxOk: false };
  if (tree.type !== 'object') {
    reporter.atNode('error', 'root-not-object', [], tree, 'A spec must be a { … } object with "data", "layers", "loss", "optimizer" and "training".');
    return { tree, syntaxOk: false };
  }
  checkNode(tree, NN_SPEC_SCHEMA, [], reporter);
  return { tree, syntaxOk: true };
}

/** Parses spec text; `spec` is set when it is syntactically and structurally valid (semantics: validateSpec). */
export function parseSpecText(text: string): ParsedSpec {
  const reporter = new Reporter(text);
  const { tree, syntaxOk } = readSpecInto(text, reporter);
  const spec = syntaxOk && tree && reporter.errorCount === 0 ? (getNodeValue(tree) as NetworkSpec) : undefined;
  return { spec, tree, diagnostics: reporter.finish() };
}
