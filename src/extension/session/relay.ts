/** Worker → webview relay: which worker messages the monitor hears, and as what. */
import { assertNever, isForHostOnly, type HostToWebview, type WorkerToHost } from '../../protocol';

export function toWebviewMessage(message: WorkerToHost): HostToWebview | null {
  if (isForHostOnly(message)) return null;
  switch (message.type) {
    case 'started':
      return message.points ? { type: 'started', info: message.info, points: message.points } : { type: 'started', info: message.info };
    case 'state':
      return { type: 'runState', state: message.state };
    case 'progress':
      return { type: 'progress', points: message.points };
    case 'epoch':
      return { type: 'epoch', metrics: message.metrics };
    case 'snapshot':
      return { type: 'snapshot', snapshot: message.snapshot };
    case 'gradcheck':
      return { type: 'gradcheck', result: message.result };
    case 'finished':
      return { type: 'runState', state: message.reason === 'completed' ? 'finished' : 'stopped' };
    case 'failed':
      return { type: 'runState', state: 'failed', message: message.message };
    case 'record':
      return { type: 'record', record: message.record };
    default:
      return assertNever(message);
  }
}
