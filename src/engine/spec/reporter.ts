/** Collects spec diagnostics, turning jsonc nodes and JSON paths into ranges; caps their number. */
import type { Node } from 'jsonc-parser';
import { JsonPath, LineIndex, SpecDiagnostic, SpecDiagnosticCode, SpecRange, SpecSeverity } from './diagnostics';

/** More problems than this are summarised by one 'too-many-problems' diagnostic. */
const MAX_DIAGNOSTICS = 100;

const SEVERITY_RANK: Record<SpecSeverity, number> = { error: 0, warning: 1, info: 2 };

/** The value node at `path`; with duplicate keys the last one wins, as in JSON.parse. */
export function nodeAtPath(root: Node | undefined, path: JsonPath): Node | undefined {
  let node = root;
  for (const part of path) {
    if (!node) return undefined;
    if (typeof part === 'number') {
      node = node.type === 'array' ? node.children?.[part] : undefined;
    } else if (node.type === 'object') {
      const property = node.children?.filter((p) => p.children?.[0]?.value === part).pop();
      node = property?.children?.[1];
    } else {
      return undefined;
    }
  }
  return node;
}

export class Reporter {
  readonly lines: LineIndex;
  private readonly found: SpecDiagnostic[] = [];
  private dropped = 0;
  private droppedErrors = 0;

  constructor(readonly text: string, public tree?: Node) {
    this.lines = new LineIndex(text);
  }

  /** Errors found so far, including any beyond the MAX_DIAGNOSTICS shown. */
  get errorCount(): number { return this.found.filter((d) => d.severity === 'error').length + this.droppedErrors; }

  /** A problem over [offset, offset + length). */
  atOffset(severity: SpecSeverity, code: SpecDiagnosticCode, path: JsonPath, offset: number, length: number, message: string, data?: Record<string, unknown>): void {
    this.add({ severity, code, path, message, range: this.lines.rangeAt(offset, length), ...(data ? { data } : {}) });
  }

  /** A problem with a node (a value, or a property's key). */
  atNode(severity: SpecSeverity, code: SpecDiagnosticCode, path: JsonPath, node: Node, message: string, data?: Record<string, unknown>): void {
    this.atOffset(severity, code, path, node.offset, node.length, message, data);
  }

  /** A problem with the value at `path`; if it is absent, at the nearest existing parent (see missingRange). */
  atPath(severity: SpecSeverity, code: SpecDiagnosticCode, path: JsonPath, message: string, data?: Record<string, unknown>): void {
    const node = nodeAtPath(this.tree, path);
    if (node) return this.atNode(severity, code, path, node, message, data);
    for (let depth = path.length - 1; depth >= 0; depth--) {
      const parent = nodeAtPath(this.tree, path.slice(0, depth));
      if (parent) return this.add({ severity, code, path, message, range: this.missingRange(parent), ...(data ? { data } : {}) });
    }
    this.atOffset(severity, code, path, 0, 0, message, data);
  }

  /** Where to flag something missing from `parent`: its key if it is a property's value, else its first character. */
  missingRange(parent: Node): SpecRange {
    const owner = parent.parent;
    if (owner?.type === 'property' && owner.children?.[0]) {
      const key = owner.children[0];
      return this.lines.rangeAt(key.offset, key.length);
    }
    if (owner?.type === 'array') return this.lines.rangeAt(parent.offset, parent.length);
    return this.lines.rangeAt(parent.offset, Math.min(1, parent.length));
  }

  private add(diagnostic: SpecDiagnostic): void {
    if (this.found.length < MAX_DIAGNOSTICS) return void this.found.push(diagnostic);
    this.dropped++;
    if (diagnostic.severity === 'error') this.droppedErrors++;
  }

  /**
   * The diagnostics in text order, one per JSON path (the most severe, then the first; text-level problems with
   * an empty path, such as syntax errors, are all kept), plus a note if some were dropped.
   */
  finish(): SpecDiagnostic[] {
    const byPath = new Map<string, SpecDiagnostic>();
    for (const [index, d] of this.found.entries()) {
      const key = d.path.length === 0 ? `#${index}` : JSON.stringify(d.path);
      const kept = byPath.get(key);
      if (!kept || SEVERITY_RANK[d.severity] < SEVERITY_RANK[kept.severity]) byPath.set(key, d);
    }
    const result = [...byPath.values()].sort(compareByPosition);
    if (this.dropped > 0) {
      result.push({
        severity: 'info', code: 'too-many-problems', path: [], range: this.lines.rangeAt(0, 0),
        message: `${this.dropped} more problem(s) not shown: fix the ones above first.`,
      });
    }
    return result;
  }
}

function compareByPosition(a: SpecDiagnostic, b: SpecDiagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}
