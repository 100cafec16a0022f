/** The current run's training-health findings (dead relus, saturated units, vanishing δ) as warnings on its spec. */
import * as vscode from 'vscode';
import type { HealthFinding } from '../../engine/monitor/health';
import type { SessionManager } from '../session';
import { readSpecText } from '../specFiles';
import type { SpecDiagnostics } from './specDiagnostics';

/** Follows the findings each δ snapshot carries (worker-side, engine/monitor/health.ts); the spec's warnings change only when they do. */
export function trackTrainingHealth(sessions: SessionManager, diagnostics: SpecDiagnostics, log: Pick<vscode.LogOutputChannel, 'error'>): vscode.Disposable {
  let current: { dispose(): unknown } | undefined;
  const subscription = sessions.onDidChangeSession((session) => {
    current?.dispose();
    current = undefined;
    if (!session) return;
    const specUri = vscode.Uri.parse(session.specUri);
    let queue = Promise.resolve();
    const show = (findings: HealthFinding[]): void => {
      queue = queue.then(async () => diagnostics.setHealthProblems(specUri, await readSpecText(specUri), findings)).catch((error: unknown) => log.error(`training-health warnings for ${specUri.fsPath} not shown: ${(error as Error)?.message ?? String(error)}`));
    };
    let shown = '';
    show([]);
    current = session.onWorkerMessage((message) => {
      if (message.type !== 'snapshot') return;
      const findings = message.snapshot.health ?? [];
      const key = findings.map((f) => `${f.layer}:${f.kind}`).join();
      if (key === shown) return;
      shown = key;
      show(findings);
    });
  });
  return { dispose: () => { current?.dispose(); subscription.dispose(); } };
}
