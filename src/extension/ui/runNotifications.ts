/** Per-run notifications: a cancellable progress notification while training, then one message with the outcome. */
import * as vscode from 'vscode';
import { readSettings } from '../config';
import type { RunOutcome, RunSession, SessionManager } from '../session';
import { finalLossText } from './statusText';

function progressMessage(session: RunSession): string {
  const state = session.getMonitorState();
  const epochs = state.info?.epochs ?? 0;
  const done = state.epochs.at(-1)?.epoch ?? 0;
  const loss = state.losses[state.losses.length - 1]?.loss;
  return `${state.state === 'paused' ? 'paused · ' : ''}epoch ${Math.min(done + 1, epochs)}/${epochs}${loss === undefined ? '' : ` · loss ${loss.toPrecision(4)}`}`;
}

/** Shows training progress with a Cancel button (which stops the run) until the run ends. */
function showProgress(session: RunSession): void {
  void vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Training ${session.name}`, cancellable: true },
    async (progress, token) => {
      token.onCancellationRequested(() => session.stop());
      let reported = 0;
      const subscription = session.onDidChangeState((state) => {
        const epochs = state.info?.epochs ?? 0;
        const percent = epochs ? (100 * (state.epochs.at(-1)?.epoch ?? 0)) / epochs : 0;
        progress.report({ message: progressMessage(session), increment: percent - reported });
        reported = percent;
      });
      await session.ended;
      subscription.dispose();
    },
  );
}

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

/** For each new run: the monitor (setting backpropLens.monitor.openOnTrain), a progress notification, then the outcome. */
export function registerRunNotifications(sessions: SessionManager, log: vscode.LogOutputChannel, showMonitor: () => unknown): vscode.Disposable {
  return sessions.onDidChangeSession((session) => {
    if (!session) return;
    if (readSettings(vscode.Uri.parse(session.specUri)).openMonitorOnTrain) showMonitor();
    showProgress(session);
    void session.ended.then((outcome) => showOutcome(session, outcome, log));
  });
}
