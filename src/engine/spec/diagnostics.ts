/** Spec problems with where they are: a JSON path and an LSP-style range (0-based line, UTF-16 character). */

export type SpecSeverity = 'error' | 'warning' | 'info';
export type JsonPath = (string | number)[];

export interface SpecPosition { line: number; character: number }
export interface SpecRange { start: SpecPosition; end: SpecPosition }

/** Stable ids that quick fixes and tests key on. */
export type SpecDiagnosticCode =
  // reading the text
  | 'empty-file' | 'syntax-error' | 'spec-too-large' | 'too-deep' | 'root-not-object' | 'too-many-problems'
  // structure (mirrors the JSON Schema)
  | 'wrong-type' | 'not-integer' | 'not-finite' | 'out-of-range' | 'unknown-enum-value' | 'missing-property'
  | 'unknown-property' | 'duplicate-property' | 'data-source-missing' | 'data-source-ambiguous' | 'empty-string'
  // meaning (beyond the schema)
  | 'input-layer-activation' | 'no-dense-layer' | 'softmax-hidden' | 'softmax-single-unit'
  | 'loss-activation-mismatch' | 'sigmoid-one-vs-rest' | 'mse-softmax' | 'learning-rate-high' | 'learning-rate-low'
  | 'option-ignored' | 'batch-size-exceeds-data' | 'test-fraction-ignored' | 'test-split-empty' | 'train-split-empty'
  // against the data (needs a SpecContext or a builtin data set)
  | 'input-units-mismatch' | 'output-units-mismatch' | 'loss-task-mismatch' | 'softmax-regression' | 'data-file-missing'
  // loading the data (engine/spec/data-diagnostics.ts)
  | 'data-error' | 'data-outside-workspace' | 'target-column-missing' | 'over-memory-budget';

/**
 * One problem. `path` points at the offending value (for unknown and duplicate properties: at the key); for a
 * missing property it is the path the property should have, and its range is the parent's key (or the parent
 * object inside an array, or the root's "{"). `data` carries fix payloads:
 * - input-units-mismatch, output-units-mismatch, batch-size-exceeds-data, not-integer: `{ expected: number }`
 * - unknown-enum-value: `{ allowed, suggestion? }`; unknown-property: `{ suggestion? }`; softmax-hidden,
 *   softmax-single-unit, softmax-regression, sigmoid-one-vs-rest: `{ suggestion }` (an activation); learning-rate-high: `{ suggestion }`
 * - loss-activation-mismatch: `{ outputLayer, suggestedActivation, suggestedLoss? }`; mse-softmax, loss-task-mismatch: `{ suggestedLoss }`
 * - missing-property: `{ property, default? }`; data-file-missing: `{ file }`; wrong-type: `{ expected }` (a schema type)
 * - target-column-missing: `{ file, columns }` (the CSV header's columns)
 */
export interface SpecDiagnostic {
  severity: SpecSeverity;
  message: string;
  path: JsonPath;
  range: SpecRange;
  code: SpecDiagnosticCode;
  data?: Record<string, unknown>;
}

/** The shape of the data a spec will train on, as loaded by the caller (CLI or extension). */
export interface SpecDataInfo {
  inputSize: number;
  /** classification: class count; regression: target count. */
  outputSize: number;
  task: 'classification' | 'regression';
  classCount?: number;
  /** Training samples, after the test split (Dataset.train.count). */
  sampleCount?: number;
}

/** What validation may know besides the spec text; every field optional. */
export interface SpecContext {
  dataInfo?: SpecDataInfo;
  /** Whether a data path (relative to the spec file, as written in the spec) exists. */
  fileExists?: (relPath: string) => boolean;
}

/** `layers[0].units`-style rendering of a JSON path for messages. */
export function formatPath(path: JsonPath): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) text += text === '' ? part : `.${part}`;
    else text += `[${JSON.stringify(part)}]`;
  }
  return text === '' ? 'the spec' : text;
}

/** Offsets → 0-based line/character, treating \n, \r\n and \r as line breaks (as LSP does). */
export class LineIndex {
  private readonly lineStarts: number[] = [0];
  /** Offset where each line's content ends (its line break starts). */
  private readonly lineEnds: number[] = [];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.lineEnds.push(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      this.lineStarts.push(i + 1);
    }
    this.lineEnds.push(text.length);
  }

  /** The position of `offset`, clamped into the text; an offset inside a \r\n counts as the end of its line. */
  positionAt(offset: number): SpecPosition {
    const clamped = Math.max(0, Math.min(Math.floor(offset), this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: Math.min(clamped, this.lineEnds[low]) - this.lineStarts[low] };
  }

  /** The range covering [offset, offset + length). */
  rangeAt(offset: number, length: number): SpecRange {
    return { start: this.positionAt(offset), end: this.positionAt(offset + Math.max(0, length)) };
  }
}
