/** The status bar's text and the final loss both it and the outcome notification show (pure, no vscode). */
import { runHasEnded, type MonitorState } from '../../protocol';

const ICONS: Record<MonitorState['state'], string> = {
  idle: '$(circle-outline)', starting: '$(loading~spin)', running: '$(sync~spin)', paused: '$(debug-pause)', finished: '$(check)', stopped: '$(debug-stop)', failed: '$(error)',
};

/** True for a run that ended before the worker started training (refused: memory budget, bad data, bad model). */
export function wasRefused(state: MonitorState): boolean {
  return state.info === null && (state.state === 'failed' || state.state === 'stopped');
}

/** "loss 0.001560": the last epoch's loss over the whole training split (what the outcome notification shows). */
export function finalLossText(state: MonitorState): string {
  const last = state.epochs.at(-1);
  return last ? `loss ${last.loss.toPrecision(4)}` : '';
}

/** "epoch 3/20 · batch loss 0.1234" while running; the final epoch's loss once ended; "not started" when refused. */
export function statusText(state: MonitorState): string {
  const icon = ICONS[state.state];
  if (wasRefused(state)) return `${icon} not started`;
  const info = state.info;
  const lastEpoch = state.epochs.at(-1);
  const ended = runHasEnded(state.state);
  const epoch = info ? `epoch ${Math.min(info.epochs, (lastEpoch?.epoch ?? 0) + (state.state === 'finished' ? 0 : 1))}/${info.epochs}` : 'starting';
  const batchLoss = state.losses.at(-1)?.loss;
  const loss = ended && lastEpoch ? ` · ${finalLossText(state)}` : batchLoss === undefined ? '' : ` · batch loss ${batchLoss.toPrecision(4)}`;
  return `${icon} ${epoch}${loss}`;
}
