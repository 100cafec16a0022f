/**
 * Hooks up the monitor (src/extension/monitor/index.ts, built separately) when it is part of the bundle;
 * until then "Open Training Monitor" shows a placeholder with the run's state.
 */
import * as vscode from 'vscode';
import type { ExplainTarget } from '../protocol';
import type { SessionManager } from './session';
import { statusText } from './ui/statusText';
import { loadOptionalModule } from './optionalModule';

interface MonitorModule { registerMonitor(context: vscode.ExtensionContext, sessions: SessionManager['monitorView']): MonitorEntry | void }

/** What the rest of the extension asks of the monitor: show it ("Open Training Monitor"), or show it explaining a number. */
export interface MonitorEntry {
  show(): unknown;
  explain(target: ExplainTarget): void;
}

/** Registers the monitor if present; returns how to show it. */
export function connectMonitor(context: vscode.ExtensionContext, sessions: SessionManager, log: Pick<vscode.LogOutputChannel, 'error'>): MonitorEntry {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = loadOptionalModule<MonitorModule>('./monitor', () => require('./monitor'), log); // esbuild bundles it when the file exists
  const monitor = module?.registerMonitor?.(context, sessions.monitorView);
  if (monitor && typeof monitor.show === 'function') return { show: () => monitor.show(), explain: (target) => monitor.explain(target) };
  const placeholder = (): void => {
    const session = sessions.current;
    const text = session ? `${session.name}: ${statusText(session.getMonitorState()).replace(/\$\([^)]*\)\s*/g, '')} (${session.state})` : 'no run yet';
    void vscode.window.showInformationMessage(`Training monitor: ${text}. The monitor view is not part of this build.`);
  };
  return { show: placeholder, explain: placeholder };
}
