/** Quick fixes for spec diagnostics, keyed on their codes; data fixes run commands (pick a file, allow outside data). */
import * as vscode from 'vscode';
import type { ProbeDiagnostic } from '../../protocol';
import { csvFixActions } from './csvFixActions';
import { quickFixesFor, setValue, type QuickFix } from './quickFixes';
import { DIAGNOSTIC_SOURCE, type SpecDiagnostics } from './specDiagnostics';

export const PICK_DATA_FILE_COMMAND = 'backpropLens.pickDataFile';
export const ALLOW_OUTSIDE_DATA_COMMAND = 'backpropLens.allowDataOutsideWorkspace';

/** The engine diagnostic a vscode diagnostic came from (same code and start). */
function findSource(problems: ProbeDiagnostic[], d: vscode.Diagnostic): ProbeDiagnostic | undefined {
  return problems.find((p) => p.code === d.code && p.range.start.line === d.range.start.line && p.range.start.character === d.range.start.character);
}

function toAction(document: vscode.TextDocument, fix: QuickFix, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.isPreferred = fix.isPreferred;
  action.edit = new vscode.WorkspaceEdit();
  for (const edit of fix.edits) {
    const range = new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length));
    action.edit.replace(document.uri, range, edit.content);
  }
  return action;
}

function commandAction(title: string, command: string, args: unknown[], diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.command = { title, command, arguments: args };
  return action;
}

/** "Use <activation> in layer l": sets the layer's activation (a training-health fix), with the shared setValue edit. */
function activationFix(document: vscode.TextDocument, layer: number, activation: string, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const edits = setValue(document.getText(), ['layers', layer, 'activation'], activation);
  return toAction(document, { title: `Use ${activation} in layer ${layer}`, isPreferred: true, edits }, diagnostic);
}

export class SpecCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly diagnostics: SpecDiagnostics) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const problems = this.diagnostics.problemsOf(document.uri);
    const text = document.getText();
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const layerProblem = this.diagnostics.layerProblemsOf(document.uri).find((p) => p.diagnostic === diagnostic || (p.code === diagnostic.code && p.diagnostic.range.isEqual(diagnostic.range)));
      if (layerProblem?.suggestion) actions.push(activationFix(document, layerProblem.layer, layerProblem.suggestion, diagnostic));
      const source = findSource(problems, diagnostic);
      if (!source) continue;
      for (const fix of quickFixesFor(text, source)) actions.push(toAction(document, fix, diagnostic));
      if (source.code === 'data-error') actions.push(...await csvFixActions(document, source, diagnostic));
      if (source.code === 'data-file-missing' || source.code === 'data-error' || (source.code === 'over-memory-budget' && source.path[0] === 'data')) {
        actions.push(commandAction('Pick a data file…', PICK_DATA_FILE_COMMAND, [document.uri, source.path], diagnostic));
      }
      if (source.code === 'data-outside-workspace') {
        actions.push(commandAction('Allow data files outside the workspace (workspace setting)', ALLOW_OUTSIDE_DATA_COMMAND, [document.uri], diagnostic));
      }
    }
    return actions;
  }
}
