/** Run header and controls: #run-status, #epoch, play/pause, step, stop, restart, gradient check, learning rate. */
import { pytorchRunCannot, type MonitorState } from '../../src/protocol';
import type { WebviewTransport } from '../lib/transport';
import { controlsFor, statusText } from '../lib/state';
import { formatNumber } from '../lib/numberFormat';
import { h, setText } from '../lib/dom';

export interface ControlsView { element: HTMLElement; update(state: MonitorState): void }

/**
 * Builds the controls; every button posts a WebviewToHost message (validated by the host). The dashboard uses the
 * bare ids the e2e tests read (#run-status, #btn-pause, …); the sidebar passes a prefix so the two never collide.
 */
export function createControls(transport: WebviewTransport, idPrefix = ''): ControlsView {
  const status = h('span', { id: `${idPrefix}run-status`, class: 'status', role: 'status', 'aria-live': 'polite' }, 'idle');
  const epoch = h('span', { id: `${idPrefix}epoch`, class: 'meta' }, '');
  const step = h('span', { id: `${idPrefix}step`, class: 'meta' }, '');
  const title = h('span', { id: `${idPrefix}run-name`, class: 'run-name' }, 'No run yet');
  const button = (id: string, label: string, tip: string): HTMLButtonElement => h('button', { id, type: 'button', title: tip, 'aria-label': tip }, label);
  const train = button(`${idPrefix}btn-train`, 'Train', 'Train the active .nn.json spec');
  const pause = button(`${idPrefix}btn-pause`, 'Pause', 'Pause training');
  const stepOnce = button(`${idPrefix}btn-step`, 'Step', 'Train one mini-batch (while paused)');
  const stop = button(`${idPrefix}btn-stop`, 'Stop', 'Stop the run');
  const restart = button(`${idPrefix}btn-restart`, 'Restart', 'Restart with the same seed');
  const gradcheck = button(`${idPrefix}btn-gradcheck`, 'Grad check', 'Run a gradient check now');
  const lrInput = h('input', { id: `${idPrefix}lr-input`, type: 'number', min: '0', step: 'any', 'aria-label': 'Learning rate', title: 'Learning rate (editable while paused)', size: 8 });
  const lrApply = button(`${idPrefix}btn-lr`, 'Set η', 'Apply the learning rate');
  const message = h('div', { id: `${idPrefix}run-message`, class: 'run-message', role: 'alert' });
  const trainer = h('span', { id: `${idPrefix}run-trainer`, class: 'meta' }, '');
  const saved = h('span', { id: `${idPrefix}saved-run`, class: 'meta', title: 'A saved run (Open Run…): no run controls' });
  let current: MonitorState['state'] = 'idle';

  train.addEventListener('click', () => transport.post({ type: 'control', action: 'train' }));
  pause.addEventListener('click', () => transport.post({ type: 'control', action: current === 'paused' ? 'resume' : 'pause' }));
  stepOnce.addEventListener('click', () => transport.post({ type: 'control', action: 'step' }));
  stop.addEventListener('click', () => transport.post({ type: 'control', action: 'stop' }));
  restart.addEventListener('click', () => transport.post({ type: 'control', action: 'restart' }));
  gradcheck.addEventListener('click', () => transport.post({ type: 'control', action: 'gradcheck' }));
  const applyLearningRate = (): void => {
    const learningRate = Number(lrInput.value);
    if (Number.isFinite(learningRate) && learningRate > 0 && learningRate <= 10) transport.post({ type: 'setLearningRate', learningRate });
    else lrInput.setCustomValidity('A learning rate in (0, 10]');
  };
  lrApply.addEventListener('click', applyLearningRate);
  lrInput.addEventListener('keydown', (event) => { if (event.key === 'Enter') applyLearningRate(); });
  lrInput.addEventListener('input', () => lrInput.setCustomValidity(''));

  const buttons = h('div', { class: 'buttons', role: 'toolbar', 'aria-label': 'Run controls' }, train, pause, stepOnce, stop, restart, gradcheck);
  const lr = h('label', { class: 'lr' }, 'η ', lrInput, lrApply);
  const element = h('header', { class: idPrefix ? 'controls compact' : 'controls' },
    h('div', { class: 'run-line' }, title, status, epoch, step, trainer, saved), buttons, lr, message);

  return {
    element,
    update(state) {
      current = state.state;
      status.dataset.state = state.state;
      setText(status, statusText(state.state));
      setText(title, state.info ? state.info.name : 'No run yet');
      setText(epoch, epochText(state));
      setText(step, state.losses.length ? `step ${state.losses[state.losses.length - 1].step}` : '');
      setText(trainer, state.info ? trainerText(state.info) : '');
      trainer.title = state.info?.trainerFallback ? `The fast path was not used: ${state.info.trainerFallback}` : 'The trainer this run actually uses';
      const allowed = controlsFor(state.state);
      setText(pause, allowed.pause === 'resume' ? 'Resume' : 'Pause');
      pause.title = allowed.pause === 'resume' ? 'Resume training' : 'Pause training';
      pause.disabled = allowed.pause === null;
      stepOnce.disabled = !allowed.step;
      stop.disabled = !allowed.stop;
      restart.disabled = !allowed.restart;
      train.hidden = allowed.stop;
      gradcheck.disabled = state.info === null;
      lrInput.disabled = lrApply.disabled = !allowed.learningRate;
      if (state.info && document.activeElement !== lrInput) lrInput.placeholder = formatNumber(state.info.learningRate);
      pytorchControls(state.info?.source === 'pytorch', { stepOnce, restart, gradcheck, lrInput, lrApply });
      setText(message, state.message ?? '');
      // A saved run (Open Run…) has no worker: its folder instead of the controls.
      buttons.hidden = lr.hidden = !!state.savedRun;
      saved.hidden = !state.savedRun;
      setText(saved, state.savedRun ? `saved run ${decodeURIComponent(state.savedRun.split('/').pop() ?? '')}` : '');
    },
  };
}

/**
 * A PyTorch run (Watch a PyTorch Run…): Pause, Resume and Stop reach its script; Step, Restart, η and the gradient check
 * are disabled, the tooltip saying why; `pytorch` false puts the native tooltips back.
 */
function pytorchControls(pytorch: boolean, buttons: Record<'stepOnce' | 'restart' | 'gradcheck' | 'lrInput' | 'lrApply', HTMLButtonElement | HTMLInputElement>): void {
  const why = {
    stepOnce: 'This run came from PyTorch: its script steps, not the monitor.', restart: 'This run came from PyTorch: run its script again.',
    gradcheck: pytorchRunCannot('the gradient check'), lrInput: 'This run came from PyTorch: its script sets η.', lrApply: 'This run came from PyTorch: its script sets η.',
  } as const;
  for (const [name, element] of Object.entries(buttons) as [keyof typeof why, HTMLButtonElement | HTMLInputElement][]) {
    element.dataset.tip ??= element.title;
    if (pytorch) element.disabled = true;
    element.title = pytorch ? why[name] : element.dataset.tip;
  }
}

/** "fast · float32 · 2 threads", "fast · float32 · 1 thread (browser)" or "reference · float64": the trainer the run actually uses (older runs: precision only). */
export function trainerText(info: NonNullable<MonitorState['info']>): string {
  if (info.source === 'pytorch') return 'PyTorch run (python/backprop_lens)';
  const threads = info.trainer === 'fast' && info.threads ? ` · ${info.threads} thread${info.threads === 1 ? '' : 's'}${info.threadsLimit ? ` (${info.threadsLimit})` : ''}` : '';
  return `${info.trainer ? `${info.trainer} · ` : ''}${info.precision}${threads}${info.trainerFallback ? ' (fallback)' : ''}`;
}

/** "epoch 3 / 20": the epoch in progress (1-based) while live, the completed epochs once the run ended; '' before a run. */
function epochText(state: MonitorState): string {
  if (!state.info || state.info.source === 'pytorch') return '';
  const lastMetrics = state.epochs.length ? state.epochs[state.epochs.length - 1].epoch : 0;
  const completed = Math.max(state.snapshot?.epoch ?? 0, lastMetrics);
  const live = state.state === 'running' || state.state === 'starting' || state.state === 'paused';
  return `epoch ${live ? Math.min(completed + 1, state.info.epochs) : completed} / ${state.info.epochs}`;
}
