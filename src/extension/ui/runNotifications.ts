/** Per-run notifications: one message with the outcome (progress lives in the status bar and the monitor, which it would cover). */
import * as vscode from 'vscode';
import { readSettings } from '../config';
import type { RunOutcome, RunSession, SessionManager } from '../session';
import { finalLossText } from './statusText';

/** One message for how the run ended; failures offer the log, successes the monitor and the run folder. */
async function showOutcome(session: RunSession, outcome: RunOutcome, log: vscode.LogOutputChannel): Promise<void> {
  if (outcome.state === 'failed') {
    const choice = await vscode.window.showErrorMessage(`Training ${session.name} failed: ${outcome.message}`, 'Show Log');
    if (choice === 'Show Log') log.show(true);
    return;
  }
  const state = session.getMonitorState();
  const last = state.epochs[state.epochs.length - 1];
  const metrics = last ? ` · ${finalLossText(state)}${last.accuracy === null ? '' : ` · accuracy ${(100 * last.accuracy).toFixed(1)} %`}` : '';
  const where = outcome.runFolder ? ` · saved to ${vscode.workspace.asRelativePath(vscode.Uri.parse(outcome.runFolder))}` : '';
  const verb = outcome.state === 'finished' ? 'Trained' : 'Stopped';
  const choice = await vscode.window.showInformationMessage(`${verb} ${session.name}${metrics}${where}`, 'Open Monitor', 'Reveal Run Folder');
  if (choice === 'Open Monitor') await vscode.commands.executeCommand('backpropLens.openMonitor');
  if (choice === 'Reveal Run Folder') await vscode.commands.executeCommand('backpropLens.revealRunFolder');
}

/** For each new run: the monitor (setting backpropLens.monitor.openOnTrain), then the outcome. */
export function registerRunNotifications(sessions: SessionManager, log: vscode.LogOutputChannel, showMonitor: () => unknown): vscode.Disposable {
  return sessions.onDidChangeSession((session) => {
    if (!session) return;
    if (readSettings(vscode.Uri.parse(session.specUri)).openMonitorOnTrain) showMonitor();
    void session.ended.then((outcome) => showOutcome(session, outcome, log));
  });
}
