/**
 * Hooks up the monitor (src/extension/monitor/index.ts, built separately) when it is part of the bundle;
 * until then "Open Training Monitor" shows a placeholder with the run's state.
 */
import * as vscode from 'vscode';
import type { SessionManager } from './session';
import { statusText } from './ui/statusText';

interface MonitorModule { registerMonitor(context: vscode.ExtensionContext, sessions: SessionManager): { show(): unknown } | void }

function loadMonitorModule(): MonitorModule | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('./monitor') as MonitorModule; // esbuild bundles it when the file exists
  } catch {
    return undefined;
  }
}

/** Registers the monitor if present; returns what "Open Training Monitor" runs. */
export function connectMonitor(context: vscode.ExtensionContext, sessions: SessionManager): () => unknown {
  const module = loadMonitorModule();
  const monitor = module?.registerMonitor?.(context, sessions);
  if (monitor && typeof monitor.show === 'function') return () => monitor.show();
  return () => {
    const session = sessions.current;
    const text = session ? `${session.name}: ${statusText(session.getMonitorState()).replace(/\$\([^)]*\)\s*/g, '')} (${session.state})` : 'no run yet';
    void vscode.window.showInformationMessage(`Training monitor: ${text}. The monitor view is not part of this build.`);
  };
}
