/** Every gradient check of the current run (periodic or requested) updates the store and the spec's problems. */
import * as vscode from 'vscode';
import type { GradCheckResult } from '../../protocol';
import type { SessionManager } from '../session';
import { readSpecText } from '../specFiles';
import { failingLayers, type GradCheckStore } from './gradCheckStore';
import type { SpecDiagnostics } from './specDiagnostics';

/** Records a check of the spec at `specUri`: the latest result for hovers, failing layers as problems. */
export async function recordGradientCheck(specUri: vscode.Uri, result: GradCheckResult, checks: GradCheckStore, diagnostics: SpecDiagnostics): Promise<void> {
  checks.set(specUri.toString(), result);
  diagnostics.setGradientCheckProblems(specUri, await readSpecText(specUri), failingLayers(result));
}

export function trackGradientChecks(sessions: SessionManager, checks: GradCheckStore, diagnostics: SpecDiagnostics, log: Pick<vscode.LogOutputChannel, 'error'>): vscode.Disposable {
  let current: { dispose(): unknown } | undefined;
  const subscription = sessions.onDidChangeSession((session) => {
    current?.dispose();
    current = session?.onWorkerMessage((message) => {
      if (message.type !== 'gradcheck') return;
      const specUri = vscode.Uri.parse(session.specUri);
      recordGradientCheck(specUri, message.result, checks, diagnostics)
        .catch((error: unknown) => log.error(`gradient-check problems for ${specUri.fsPath} not shown: ${(error as Error)?.message ?? String(error)}`));
    });
  });
  return { dispose: () => { current?.dispose(); subscription.dispose(); } };
}
