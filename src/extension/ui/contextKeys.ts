/** Context keys for `when` clauses: backpropLens.running (a run is starting, running or paused), backpropLens.paused, backpropLens.hasRun. */
import * as vscode from 'vscode';
import type { SessionManager } from '../session';

export function registerContextKeys(sessions: SessionManager): vscode.Disposable {
  let last = '';
  const update = () => {
    const state = sessions.current?.state ?? 'idle';
    const pytorch = sessions.followedPytorchRun; // Pause/Stop from the palette reach a followed PyTorch script too
    const running = (sessions.active !== undefined && (state === 'starting' || state === 'running' || state === 'paused')) || pytorch !== undefined;
    const paused = pytorch ? pytorch.state.state === 'paused' : running && state === 'paused';
    const key = `${running}/${paused}/${state}/${!!sessions.current}`;
    if (key === last) return;
    last = key;
    void vscode.commands.executeCommand('setContext', 'backpropLens.running', running);
    void vscode.commands.executeCommand('setContext', 'backpropLens.paused', paused && !pytorch);
    void vscode.commands.executeCommand('setContext', 'backpropLens.hasRun', !!sessions.current);
  };
  update();
  const ended: vscode.Disposable[] = [];
  const subscriptions = [
    sessions.onDidChangeState(update),
    sessions.onDidChangeMonitorRun(update),
    sessions.onWebviewMessage((message) => { if (message.type === 'runState') update(); }),
    sessions.onDidChangeSession((session) => { update(); if (session) ended.push(session.onDidEnd(update)); }),
  ];
  return { dispose: () => [...subscriptions, ...ended].forEach((s) => s.dispose()) };
}
