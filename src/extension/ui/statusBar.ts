/**
 * One status-bar item while a run exists (or the monitor shows a saved one, e.g. after Reload Window): epoch and loss,
 * a spinner while running, "paused" when paused (the step in the tooltip); click opens the monitor. A run refused
 * before it started says "not started" (the reason in the tooltip) and a click opens its spec.
 */
import * as vscode from 'vscode';
import type { SessionManager } from '../session';
import { statusText, statusTooltip, wasRefused } from './statusText';

export function registerStatusBar(sessions: SessionManager): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('backpropLens.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Backprop Lens Training';
  item.command = 'backpropLens.openMonitor';
  const update = () => {
    const session = sessions.current;
    const state = session?.getMonitorState() ?? sessions.getMonitorState(); // no session: a run the monitor shows from its folder
    if (!session && !state.info) return item.hide();
    const name = session?.name ?? state.info!.name;
    item.text = statusText(state);
    const refused = session !== undefined && wasRefused(state);
    item.command = refused ? { title: 'Open Spec', command: 'vscode.open', arguments: [vscode.Uri.parse(session.specUri)] } : 'backpropLens.openMonitor';
    item.tooltip = statusTooltip(state, name);
    item.show();
  };
  const subscriptions = [sessions.onDidChangeState(update), sessions.onDidChangeSession(update), sessions.onDidChangeMonitorRun(update)];
  return { dispose: () => { subscriptions.forEach((s) => s.dispose()); item.dispose(); } };
}
