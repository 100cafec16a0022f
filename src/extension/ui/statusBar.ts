/** One status-bar item while a run exists: epoch and loss, a spinner while running; click opens the monitor. */
import * as vscode from 'vscode';
import type { MonitorState } from '../../protocol';
import type { SessionManager } from '../session';

/** "epoch 3/20 · loss 0.1234" from the latest epoch row or loss point. */
export function statusText(state: MonitorState): string {
  const info = state.info;
  const lastEpoch = state.epochs[state.epochs.length - 1];
  const lastPoint = state.losses[state.losses.length - 1];
  const epoch = info ? `epoch ${Math.min(info.epochs, (lastEpoch?.epoch ?? 0) + (state.state === 'finished' ? 0 : 1))}/${info.epochs}` : 'starting';
  const loss = lastPoint ? ` · loss ${lastPoint.loss.toPrecision(4)}` : '';
  const icon = { idle: '$(circle-outline)', starting: '$(loading~spin)', running: '$(sync~spin)', paused: '$(debug-pause)', finished: '$(check)', stopped: '$(debug-stop)', failed: '$(error)' }[state.state];
  return `${icon} ${epoch}${loss}`;
}

export function registerStatusBar(sessions: SessionManager): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('backpropLens.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Backprop Lens Training';
  item.command = 'backpropLens.openMonitor';
  const update = () => {
    const session = sessions.current;
    if (!session) return item.hide();
    const state = session.getMonitorState();
    item.text = statusText(state);
    item.tooltip = `Backprop Lens: ${session.name} (${state.state}). Click to open the training monitor.`;
    item.show();
  };
  const subscriptions = [sessions.onDidChangeState(update), sessions.onDidChangeSession(update)];
  return { dispose: () => { subscriptions.forEach((s) => s.dispose()); item.dispose(); } };
}
