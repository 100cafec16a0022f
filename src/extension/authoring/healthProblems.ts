/** The current run's training-health findings (dead relus, saturated units, vanishing δ) as warnings on its spec. */
import * as vscode from 'vscode';
import { HEALTH_WINDOW, healthFindings, type LayerHealth } from '../../engine/health';
import type { RunInfo, Snapshot } from '../../protocol';
import type { SessionManager } from '../session';
import { readSpecText } from '../specFiles';
import type { SpecDiagnostics } from './specDiagnostics';

/** What the health rules read of one snapshot. */
export function layerHealth(info: RunInfo, snapshot: Snapshot): LayerHealth[] {
  return snapshot.layers.map((l, i) => ({ activation: info.layers[i].activation, deadShare: l.deadShare, saturatedShare: l.saturatedShare, deltaNorm: l.deltaNorm }));
}

/** Re-evaluates on each δ snapshot of the current run; the spec's warnings change only when the findings do. */
export function trackTrainingHealth(sessions: SessionManager, diagnostics: SpecDiagnostics): vscode.Disposable {
  let current: { dispose(): unknown } | undefined;
  const subscription = sessions.onDidChangeSession((session) => {
    current?.dispose();
    current = undefined;
    if (!session) return;
    const specUri = vscode.Uri.parse(session.specUri);
    const recent: LayerHealth[][] = [];
    let shown = '';
    let queue = Promise.resolve();
    const show = (findings: ReturnType<typeof healthFindings>): void => {
      queue = queue.then(async () => diagnostics.setHealthProblems(specUri, await readSpecText(specUri), findings)).catch(() => undefined);
    };
    show([]);
    current = session.onWorkerMessage((message) => {
      const info = session.getMonitorState().info;
      if (message.type !== 'snapshot' || !info) return;
      recent.push(layerHealth(info, message.snapshot));
      if (recent.length > HEALTH_WINDOW) recent.shift();
      const findings = healthFindings(recent);
      const key = findings.map((f) => `${f.layer}:${f.kind}`).join();
      if (key === shown) return;
      shown = key;
      show(findings);
    });
  });
  return { dispose: () => { current?.dispose(); subscription.dispose(); } };
}
