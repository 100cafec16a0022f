/** The "Backprop Lens" log channel: one line per epoch, pauses and resumes, each gradient-check table, worker logs and failures. */
import type * as vscode from 'vscode';
import { gradCheckTable } from '../../engine/check/gradcheck-table';
import type { GradCheckReport } from '../../engine/check/gradcheck';
import { assertNever, type EpochMetrics, type GradCheckResult, type RunState, type WorkerToHost } from '../../protocol';
import type { RunSession } from '../session';

function formatEpoch(m: EpochMetrics, epochs: number): string {
  const parts = [`epoch ${m.epoch}/${epochs}`, `step ${m.step}`, `loss ${fmt(m.loss)}`];
  if (m.accuracy !== null) parts.push(`accuracy ${fmt(m.accuracy)}`);
  if (m.testLoss !== null) parts.push(`test loss ${fmt(m.testLoss)}`);
  if (m.testAccuracy !== null) parts.push(`test accuracy ${fmt(m.testAccuracy)}`);
  parts.push(`${m.seconds.toFixed(1)} s`);
  return parts.join('  ');
}

/** The CLI's table (the protocol result carries every field the table reads). */
export function formatGradCheck(result: GradCheckResult): string {
  return `gradient check at step ${result.step}\n${gradCheckTable(result as unknown as GradCheckReport)}`;
}

function fmt(x: number): string {
  return x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5) ? x.toExponential(3) : x.toFixed(4);
}

/** Epoch lines per run at most: every epoch of a short run, an evenly spaced subset of a long one. */
export const MAX_EPOCH_LINES = 200;

/** Every epoch up to MAX_EPOCH_LINES epochs, else every k-th (k = ⌈epochs / MAX_EPOCH_LINES⌉), the first and last. */
function isLoggedEpoch(epoch: number, epochs: number): boolean {
  const k = Math.ceil(epochs / MAX_EPOCH_LINES);
  return k <= 1 || epoch === 1 || epoch === epochs || epoch % k === 0;
}

/** Logs one session's worker messages; epoch lines in order, those the host did not hear live come with 'finished'. */
export function logSession(session: RunSession, log: vscode.LogOutputChannel): { dispose(): unknown } {
  let lastLogged = 0;
  const epochs = () => session.getMonitorState().info?.epochs ?? 0;
  const logEpochs = (rows: EpochMetrics[]) => {
    for (const m of rows) {
      if (m.epoch <= lastLogged || !isLoggedEpoch(m.epoch, epochs())) continue;
      log.info(`[${session.name}] ${formatEpoch(m, epochs())}`);
      lastLogged = m.epoch;
    }
  };
  /** Live rows only when no logged epoch before them is missing (fast runs skip rows: 'finished' has them all). */
  const nextLogged = () => { let e = lastLogged + 1; while (!isLoggedEpoch(e, epochs())) e++; return e; };
  let paused = false, step = 0;
  /** "paused at step N" and "resumed at step N" (what the user did shows in the log); other states at debug level. */
  const logState = (state: RunState) => {
    if (state === 'paused' && !paused) log.info(`[${session.name}] paused at step ${step}`);
    else if (state === 'running' && paused) log.info(`[${session.name}] resumed at step ${step}`);
    else log.debug(`[${session.name}] ${state}`);
    paused = state === 'paused';
  };
  return session.onWorkerMessage((message: WorkerToHost) => {
    switch (message.type) {
      case 'started': {
        const k = Math.ceil(message.info.epochs / MAX_EPOCH_LINES);
        const which = k <= 1 ? 'every epoch' : `every ${k}th of ${message.info.epochs} epochs (at most ${MAX_EPOCH_LINES} lines; the monitor and metrics.json hold the rest)`;
        return log.info(`[${session.name}] started: ${message.info.layers.length} layers, ${message.info.trainCount} training samples, ${message.info.stepsPerEpoch} steps/epoch; logging ${which}`);
      }
      case 'epoch': return void (message.metrics.epoch === nextLogged() && logEpochs([message.metrics]));
      case 'gradcheck': return log.info(`[${session.name}] ${formatGradCheck(message.result)}`);
      case 'finished':
        logEpochs(message.metrics);
        return log.info(`[${session.name}] ${message.reason === 'completed' ? 'finished' : 'stopped'} after ${message.metrics.length} epoch(s)`);
      case 'failed': return log.error(`[${session.name}] ${message.message}`);
      case 'log': return message.level === 'info' ? log.info(message.message) : message.level === 'warn' ? log.warn(message.message) : log.error(message.message);
      case 'state': return logState(message.state);
      case 'progress': step = message.step; return;
      case 'snapshot': case 'record': case 'frame': case 'frames': case 'model': case 'explanation': case 'probeResult': return;
      default: return assertNever(message);
    }
  });
}
