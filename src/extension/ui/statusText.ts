/** The status bar's text and tooltip, and the final loss both it and the outcome notification show (pure, no vscode). */
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

/** "epoch 3/20 · batch loss 0.1234" while running ("paused · …" when paused); the final epoch's loss once ended; "not started" when refused. */
export function statusText(state: MonitorState): string {
  const icon = ICONS[state.state];
  if (wasRefused(state)) return `${icon} not started`;
  const info = state.info;
  const lastEpoch = state.epochs.at(-1);
  const ended = runHasEnded(state.state);
  const epoch = info ? `epoch ${Math.min(info.epochs, (lastEpoch?.epoch ?? 0) + (state.state === 'finished' ? 0 : 1))}/${info.epochs}` : 'starting';
  const batchLoss = state.losses.at(-1)?.loss;
  const loss = ended && lastEpoch ? ` · ${finalLossText(state)}` : batchLoss === undefined ? '' : ` · batch loss ${batchLoss.toPrecision(4)}`;
  return `${icon} ${state.state === 'paused' ? 'paused · ' : ''}${epoch}${loss}`;
}

/** The step of the latest loss point: where a paused run stopped (its worker flushes its loss points as it pauses). */
function lastStep(state: MonitorState): number {
  return state.losses.at(-1)?.step ?? 0;
}

/** The item's tooltip: the run's name and state (the step a paused run paused at), what the loss is, what a click does. */
export function statusTooltip(state: MonitorState, name: string): string {
  if (wasRefused(state)) return `Backprop Lens: ${name} was not started: ${state.message ?? 'refused'}. Click to open the spec.`;
  const where = state.state === 'paused' ? ` paused at step ${lastStep(state)}` : ` (${state.state})`;
  return `Backprop Lens: ${name}${where}. Loss: the last mini-batch's while training, the training split's after each epoch. Click to open the training monitor.`;
}
