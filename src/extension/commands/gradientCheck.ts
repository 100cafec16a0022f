/** "Run Gradient Check": on the active run's weights or the spec at initialisation; logs the table, flags failing layers. */
import * as vscode from 'vscode';
import type { GradCheckResult } from '../../protocol';
import { recordGradientCheck } from '../authoring/gradCheckProblems';
import { failingLayers, type GradCheckStore } from '../authoring/gradCheckStore';
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
  const failures = failingLayers(result);
  const worst = Math.max(0, ...result.layers.flatMap((l) => [l.weights.maxRelError, l.biases.maxRelError, l.delta.maxRelError]));
  if (result.passed) {
    void vscode.window.showInformationMessage(`Gradient check passed at step ${result.step}: max. relative error ${worst.toExponential(2)}.`);
  } else {
    const culprit = result.culpritLayer ? ` The δ check first fails in layer ${result.culpritLayer}.` : '';
    void vscode.window.showErrorMessage(`Gradient check FAILED in ${failures.map((f) => `layer ${f.layer}`).join(', ') || 'some layer'} (max. relative error ${worst.toExponential(2)}).${culprit} See Problems and the log.`, 'Show Log')
      .then((choice) => { if (choice) deps.log.show(true); });
  }
  return result;
}
