/** Typed, guarded reads of a possibly invalid spec tree for the semantic rules, plus reporting by path. */
import type { Node } from 'jsonc-parser';
import { JsonPath, SpecDiagnosticCode, SpecSeverity } from './diagnostics';
import { Reporter, nodeAtPath } from './reporter';

export class SpecView {
  constructor(private readonly reporter: Reporter) {}

  node(path: JsonPath): Node | undefined { return nodeAtPath(this.reporter.tree, path); }

  has(path: JsonPath): boolean { return this.node(path) !== undefined; }

  /** The finite number at `path`, else undefined. */
  number(path: JsonPath): number | undefined {
    const node = this.node(path);
    return node?.type === 'number' && Number.isFinite(node.value) ? node.value : undefined;
  }

  /** The string at `path`, else undefined. */
  string(path: JsonPath): string | undefined {
    const node = this.node(path);
    return node?.type === 'string' ? String(node.value) : undefined;
  }

  /** Number of items of the array at `path`, else undefined. */
  length(path: JsonPath): number | undefined {
    const node = this.node(path);
    return node?.type === 'array' ? (node.children?.length ?? 0) : undefined;
  }

  report(severity: SpecSeverity, code: SpecDiagnosticCode, path: JsonPath, message: string, data?: Record<string, unknown>): void {
    this.reporter.atPath(severity, code, path, message, data);
  }
}
