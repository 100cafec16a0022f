/** Spec → quick-fix edits, keyed on diagnostic codes (pure: text in, jsonc-parser edits out). */
import { findNodeAtLocation, modify, parseTree, type Edit, type JSONPath } from 'jsonc-parser';
import { NN_SPEC_SCHEMA } from '../../engine/spec';
import type { ProbeDiagnostic } from '../../protocol';

export interface QuickFix {
  title: string;
  edits: Edit[];
  isPreferred?: boolean;
}

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

/** Edits setting the value at `path` (comments and formatting elsewhere are kept). */
export function setValue(text: string, path: JSONPath, value: unknown): Edit[] {
  return modify(text, path, value, FORMAT);
}

function pathText(path: JSONPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function setFix(text: string, path: JSONPath, value: unknown, preferred = true): QuickFix {
  return { title: `Set ${pathText(path)} to ${JSON.stringify(value)}`, edits: setValue(text, path, value), isPreferred: preferred };
}

/** Offset of a 0-based line/character position. */
function offsetAt(text: string, line: number, character: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + character);
}

/** The fixes a diagnostic offers; [] when it has none. */
export function quickFixesFor(text: string, d: Pick<ProbeDiagnostic, 'code' | 'path' | 'data' | 'range'>): QuickFix[] {
  const data = d.data ?? {};
  switch (d.code) {
    case 'input-units-mismatch':
    case 'output-units-mismatch':
    case 'batch-size-exceeds-data':
      return typeof data.expected === 'number' ? [setFix(text, d.path, data.expected)] : [];
    case 'unknown-enum-value':
    case 'softmax-hidden':
    case 'softmax-single-unit':
    case 'sigmoid-one-vs-rest':
    case 'learning-rate-high':
      return data.suggestion !== undefined ? [setFix(text, d.path, data.suggestion)] : [];
    case 'loss-activation-mismatch': {
      const fixes: QuickFix[] = [];
      if (typeof data.suggestedActivation === 'string' && typeof data.outputLayer === 'number') {
        fixes.push(setFix(text, ['layers', data.outputLayer, 'activation'], data.suggestedActivation));
      }
      if (typeof data.suggestedLoss === 'string') fixes.push(setFix(text, ['loss'], data.suggestedLoss, fixes.length === 0));
      return fixes;
    }
    case 'mse-softmax':
    case 'loss-task-mismatch':
      return typeof data.suggestedLoss === 'string' ? [setFix(text, ['loss'], data.suggestedLoss)] : [];
    case 'unknown-property':
      return unknownPropertyFixes(text, d);
    case 'target-column-missing':
      return Array.isArray(data.columns) ? data.columns.filter((c) => typeof c === 'string' && c !== '').reverse().slice(0, 6).map((c, i) => setFix(text, ['data', 'target'], c, i === 0)) : [];
    case 'out-of-range':
      return isLearningRate(d.path) ? learningRateFixes(text) : [];
    default:
      return [];
  }
}

const isLearningRate = (path: JSONPath) => path.length === 2 && path[0] === 'optimizer' && path[1] === 'learningRate';

/** A learning rate ≤ 0 → the typical rate of the spec's optimizer type, from the schema's snippets. */
function learningRateFixes(text: string): QuickFix[] {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const type = tree && findNodeAtLocation(tree, ['optimizer', 'type'])?.value;
  const snippet = NN_SPEC_SCHEMA.properties?.optimizer?.defaultSnippets?.find((s) => s.label === type) ?? NN_SPEC_SCHEMA.properties?.optimizer?.defaultSnippets?.[0];
  const rate = (snippet?.body as { learningRate?: unknown } | undefined)?.learningRate;
  return typeof rate === 'number' ? [setFix(text, ['optimizer', 'learningRate'], rate)] : [];
}

/** Rename a misspelt key to the suggestion (keeping its value), or remove the property. */
function unknownPropertyFixes(text: string, d: Pick<ProbeDiagnostic, 'path' | 'data' | 'range'>): QuickFix[] {
  const fixes: QuickFix[] = [];
  const key = String(d.path[d.path.length - 1]);
  if (typeof d.data?.suggestion === 'string') {
    const start = offsetAt(text, d.range.start.line, d.range.start.character);
    const end = offsetAt(text, d.range.end.line, d.range.end.character);
    if (text.slice(start, end) === JSON.stringify(key)) {
      fixes.push({ title: `Rename "${key}" to "${d.data.suggestion}"`, edits: [{ offset: start, length: end - start, content: JSON.stringify(d.data.suggestion) }], isPreferred: true });
    }
  }
  fixes.push({ title: `Remove "${key}"`, edits: setValue(text, d.path, undefined) });
  return fixes;
}
