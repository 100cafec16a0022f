/** The "Backprop Lens" log channel: one line per epoch, each gradient-check table, worker logs and failures. */
import type * as vscode from 'vscode';
import { gradCheckTable } from '../../cli/format';
import type { GradCheckReport } from '../../engine/gradcheck';
import { assertNever, type EpochMetrics, type GradCheckResult, type WorkerToHost } from '../../protocol';
import type { RunSession } from '../session';

export function formatEpoch(m: EpochMetrics, epochs: number): string {
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

/** Epoch lines at most this often (fast runs finish hundreds of epochs a second); the first and last always. */
const EPOCH_LOG_INTERVAL_MS = 1000;

/** Logs one session's worker messages. */
export function logSession(session: RunSession, log: vscode.LogOutputChannel): { dispose(): unknown } {
  let lastEpochLine = -Infinity;
  const shouldLogEpoch = (m: EpochMetrics) => {
    const epochs = session.getMonitorState().info?.epochs ?? 0;
    if (m.epoch !== 1 && m.epoch !== epochs && Date.now() - lastEpochLine < EPOCH_LOG_INTERVAL_MS) return false;
    lastEpochLine = Date.now();
    return true;
  };
  return session.onWorkerMessage((message: WorkerToHost) => {
    switch (message.type) {
      case 'started': return log.info(`[${session.name}] started: ${message.info.layers.length} layers, ${message.info.trainCount} training samples, ${message.info.stepsPerEpoch} steps/epoch`);
      case 'epoch': return void (shouldLogEpoch(message.metrics) && log.info(`[${session.name}] ${formatEpoch(message.metrics, session.getMonitorState().info?.epochs ?? 0)}`));
      case 'gradcheck': return log.info(`[${session.name}] ${formatGradCheck(message.result)}`);
      case 'finished': return log.info(`[${session.name}] ${message.reason === 'completed' ? 'finished' : 'stopped'} after ${message.metrics.length} epoch(s)`);
      case 'failed': return log.error(`[${session.name}] ${message.message}`);
      case 'log': return message.level === 'info' ? log.info(message.message) : message.level === 'warn' ? log.warn(message.message) : log.error(message.message);
      case 'state': return log.debug(`[${session.name}] ${message.state}`);
      case 'progress': case 'snapshot': case 'record': case 'frame': case 'frames': case 'model': case 'probeResult': return;
      default: return assertNever(message);
    }
  });
}
