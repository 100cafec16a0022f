/**
 * Spec diagnostics in one DiagnosticCollection: the engine's validateSpec on open and on edit (debounced), then,
 * for CSV/IDX data, all of them again with the data-dependent ones from a worker (beside any spec errors); plus, on a layer's `layers[l]` object, failed gradient
 * checks (errors) and training-health findings (warnings). Layer problems go away when the spec is edited. The data
 * files an open spec names are watched: a change on disk validates the spec again.
 */
import * as vscode from 'vscode';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { validateSpec } from '../../engine/spec';
import type { ProbeDiagnostic } from '../../protocol';
import { runOptionsFor } from '../config';
import { isSpecUri } from '../specFiles';
import type { HealthFinding } from '../../engine/monitor/health';
import type { ActivationName } from '../../engine/spec/types';
import type { DataProbe } from './dataProbe';
import { DataFileWatcher } from './dataFileWatcher';
import { hostPlatform } from '../platform';

const DEBOUNCE_MS = 300;
export const DIAGNOSTIC_SOURCE = 'backprop-lens';

const SEVERITY: Record<ProbeDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information,
};

function toVscodeDiagnostic(d: ProbeDiagnostic): vscode.Diagnostic {
  const range = new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character);
  const diagnostic = new vscode.Diagnostic(range, d.message, SEVERITY[d.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = d.code;
  return diagnostic;
}

/**
 * Syntax errors have one reporter in the editor: VS Code's JSON service, which validates every *.nn.json (jsonc) and
 * cannot be silenced for one file type; the validator stays quiet for them unless the user turned the service off.
 */
function jsonServiceReportsSyntax(): boolean {
  return vscode.workspace.getConfiguration('json').get<boolean>('validate.enable', true);
}

/** True when the spec's data comes from files (their shape is only known by loading them). */
function hasDataFiles(text: string): boolean {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  return !!tree && (!!findNodeAtLocation(tree, ['data', 'csv']) || !!findNodeAtLocation(tree, ['data', 'idx']));
}

/** A problem found while training, shown on the `layers[l]` object of the spec. */
export interface LayerProblem { layer: number; code: string; message: string; severity: vscode.DiagnosticSeverity; suggestion?: ActivationName; diagnostic: vscode.Diagnostic }
type LayerProblemKind = 'gradcheck' | 'health';

export class SpecDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('nnspec');
  /** The engine's diagnostics per document (code actions read their data). */
  private readonly specProblems = new Map<string, ProbeDiagnostic[]>();
  private readonly layerProblems = new Map<string, Partial<Record<LayerProblemKind, LayerProblem[]>>>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly generation = new Map<string, number>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** A data file changed on disk: the specs naming it are validated again. */
  private readonly dataFiles = new DataFileWatcher((specUri) => {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === specUri);
    if (document) this.schedule(document, DEBOUNCE_MS);
  });

  constructor(private readonly probe: DataProbe) {
    this.subscriptions.push(this.dataFiles,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        this.layerProblems.delete(e.document.uri.toString());
        this.schedule(e.document, DEBOUNCE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('backpropLens') || e.affectsConfiguration('json.validate.enable')) vscode.workspace.textDocuments.forEach((d) => this.schedule(d, 0));
      }),
    );
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  problemsOf(uri: vscode.Uri): ProbeDiagnostic[] { return this.specProblems.get(uri.toString()) ?? []; }

  /** Validates now and resolves once data-dependent diagnostics (if any) are in. */
  async refresh(document: vscode.TextDocument): Promise<void> {
    if (!isSpecUri(document.uri)) return;
    const key = document.uri.toString();
    const generation = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, generation);
    const text = document.getText();
    const local = validateSpec(text);
    this.publish(document.uri, local);
    const readsData = hostPlatform().readsDataOf(document.uri);
    if (readsData) this.dataFiles.update(document.uri, text);
    if (!hasDataFiles(text) || !readsData) return;
    try {
      const full = await this.probe.probe(document.uri.fsPath, text, runOptionsFor(document.uri));
      if (this.generation.get(key) === generation) this.publish(document.uri, full);
    } catch (error) {
      console.warn(`[backprop-lens] data probe failed: ${(error as Error).message}`);
    }
  }

  /** A failed gradient check as an error on each failing layer's `layers[l]` object. */
  setGradientCheckProblems(uri: vscode.Uri, text: string, failures: { layer: number; message: string }[]): void {
    this.setLayerProblems(uri, text, 'gradcheck', failures.map((f) => ({ ...f, code: 'gradient-check-failed', severity: vscode.DiagnosticSeverity.Error })));
  }

  /** Training-health findings of the spec's run as warnings on their layers (replacing the previous ones). */
  setHealthProblems(uri: vscode.Uri, text: string, findings: HealthFinding[]): void {
    this.setLayerProblems(uri, text, 'health', findings.map((f) => ({ layer: f.layer, code: f.kind, message: f.message, severity: vscode.DiagnosticSeverity.Warning, suggestion: f.suggestion })));
  }

  /** The layer problems now shown for the spec (code actions read their layer and suggestion). */
  layerProblemsOf(uri: vscode.Uri): LayerProblem[] {
    const kinds = this.layerProblems.get(uri.toString()) ?? {};
    return [...(kinds.gradcheck ?? []), ...(kinds.health ?? [])];
  }

  private setLayerProblems(uri: vscode.Uri, text: string, kind: LayerProblemKind, problems: Omit<LayerProblem, 'diagnostic'>[]): void {
    const tree = parseTree(text, [], { allowTrailingComma: true });
    const shown = problems.map((problem) => {
      const node = tree && findNodeAtLocation(tree, ['layers', problem.layer]);
      const start = node ? positionAt(text, node.offset) : new vscode.Position(0, 0);
      const end = node ? positionAt(text, node.offset + node.length) : start;
      const diagnostic = new vscode.Diagnostic(new vscode.Range(start, end), problem.message, problem.severity);
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostic.code = problem.code;
      return { ...problem, diagnostic };
    });
    const key = uri.toString();
    this.layerProblems.set(key, { ...this.layerProblems.get(key), [kind]: shown });
    this.publish(uri, this.problemsOf(uri));
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.subscriptions.forEach((s) => s.dispose());
    this.collection.dispose();
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!isSpecUri(document.uri)) return;
    const key = document.uri.toString();
    const existing = this.timers.get(key);
    if (existing) clearTimeout(existing);
    this.timers.set(key, setTimeout(() => { this.timers.delete(key); void this.refresh(document); }, delay));
  }

  private publish(uri: vscode.Uri, problems: ProbeDiagnostic[]): void {
    this.specProblems.set(uri.toString(), problems);
    const shown = jsonServiceReportsSyntax() ? problems.filter((p) => p.code !== 'syntax-error') : problems;
    this.collection.set(uri, [...shown.map(toVscodeDiagnostic), ...this.layerProblemsOf(uri).map((p) => p.diagnostic)]);
  }

  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    this.specProblems.delete(key);
    this.layerProblems.delete(key);
    this.dataFiles.forget(uri);
    this.collection.delete(uri);
  }
}

function positionAt(text: string, offset: number): vscode.Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return new vscode.Position(line, offset - (before.lastIndexOf('\n') + 1));
}
