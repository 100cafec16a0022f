/** "Run Gradient Check": on the active run's weights or the spec at initialisation; logs the table, flags failing layers. */
import * as vscode from 'vscode';
import type { GradCheckResult } from '../../protocol';
import { recordGradientCheck } from '../authoring/gradCheckProblems';
import type { GradCheckStore } from '../authoring/gradCheckStore';
import { gradCheckVerdict } from '../../engine/check/gradcheck-report';
import type { SpecDiagnostics } from '../authoring/specDiagnostics';
import type { SessionManager } from '../session';
import { formatGradCheck } from '../ui/runLog';

export interface GradientCheckDeps { sessions: SessionManager; diagnostics: SpecDiagnostics; checks: GradCheckStore; log: vscode.LogOutputChannel }

/** Runs the check and reports it; resolves the result (undefined when nothing was checked). */
export async function runGradientCheck(deps: GradientCheckDeps, specArg?: unknown): Promise<GradCheckResult | undefined> {
  let outcome;
  try {
    outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Backprop Lens: gradient check' }, () => deps.sessions.gradientCheck(specArg));
  } catch (error) {
    deps.log.error(`gradient check: ${(error as Error).message}`);
    void vscode.window.showErrorMessage(`Gradient check failed to run: ${(error as Error).message}`);
    return undefined;
  }
  if (!outcome) return undefined;
  const { result, specUri } = outcome;
  await recordGradientCheck(specUri, result, deps.checks, deps.diagnostics);
  if (!deps.sessions.active || deps.sessions.active.specUri !== specUri.toString()) deps.log.info(formatGradCheck(result));
  const { verdict, sentence } = gradCheckVerdict(result);
  const message = `Gradient check at step ${result.step} ${sentence}.`;
  if (verdict === 'pass') void vscode.window.showInformationMessage(message);
  else if (verdict === 'warn') void vscode.window.showWarningMessage(message);
  else void vscode.window.showErrorMessage(`${message} See Problems and the log.`, 'Show Log').then((choice) => { if (choice) deps.log.show(true); });
  return result;
}
