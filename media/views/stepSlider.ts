/**
 * The step slider (TensorBoard's histogram slider as the model): one stop per δ frame of the record, each where its
 * step lies in the run (the range runs in steps from the first frame's to the last's, a drag snaps to the nearest
 * frame, arrow keys go to the previous or next one: frames are not evenly spaced in steps, the latest ones crowd the
 * end). Moving it pins that step, the host answers with the frame and every δ view, the BP2 factors and the boundary
 * draw it; the time-axis views put a cursor at the step. ▶ plays the frames back as an animation; "latest" follows
 * the live run again. Works for running, paused, ended and saved runs.
 */
import type { Frame, MonitorState } from '../../src/protocol';
import type { WebviewTransport } from '../lib/transport';
import { LIVE, nearestStop, nextStop, pin, stopIndex, withFrame, type Scrub } from '../lib/scrub';
import { h, setText } from '../lib/dom';

/** Time between frames while playing, and how long a missing answer may hold the playback up. */
export const PLAY_INTERVAL_MS = 150;
const ANSWER_TIMEOUT_MS = 2000;

export interface StepSliderView {
  element: HTMLElement;
  readonly scrub: Scrub;
  update(state: MonitorState): void;
  /** The host's 'frame' answer. */
  receiveFrame(step: number, frame: Frame | null): void;
}

/** Where a key moves the slider, as a frame index from frame `i` of `n` (a native range would move one step). */
const KEY_MOVES: Record<string, (i: number, n: number) => number> = {
  ArrowLeft: (i) => i - 1, ArrowDown: (i) => i - 1, ArrowRight: (i) => i + 1, ArrowUp: (i) => i + 1,
  PageDown: (i) => i - 10, PageUp: (i) => i + 10, Home: () => 0, End: (_i, n) => n - 1,
};

export interface SliderTimers { schedule(callback: () => void, ms: number): unknown; cancel(handle: unknown): void }
const browserTimers: SliderTimers = { schedule: (cb, ms) => setTimeout(cb, ms), cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) };

/** `onChange` asks the app to draw again (the scrub state changed). */
export function createStepSlider(transport: Pick<WebviewTransport, 'post'>, onChange: () => void, timers: SliderTimers = browserTimers): StepSliderView {
  const range = h('input', { id: 'frame-slider', type: 'range', min: 0, max: 0, step: 1, value: 0, 'aria-label': 'δ frame: training step' });
  const play = h('button', { id: 'btn-play', type: 'button', title: 'Play the δ frames back from the slider’s step' }, '▶ play');
  const live = h('button', { id: 'btn-live', type: 'button', title: 'Show the latest step again' }, 'latest');
  const readout = h('span', { id: 'frame-step', class: 'meta', 'aria-live': 'polite' }, '');
  const element = h('div', { id: 'frame-scrubber', class: 'frame-scrubber', role: 'group', 'aria-label': 'δ frames' }, h('span', { class: 'meta' }, 'δ at step'), range, readout, play, live);
  element.hidden = true;
  let scrub: Scrub = LIVE, stops: number[] = [], runId: string | null = null, timer: unknown = null;

  const set = (next: Scrub): void => { scrub = next; render(); onChange(); };
  const request = (step: number): void => {
    set(pin(scrub, step));
    transport.post({ type: 'requestFrame', step });
  };
  const stopPlaying = (): void => {
    if (timer !== null) timers.cancel(timer);
    timer = null;
    if (scrub.playing) set({ ...scrub, playing: false });
  };
  /** Next frame of the playback: after the answer (or a timeout), PLAY_INTERVAL_MS later. */
  const advance = (): void => {
    timer = null;
    const next = scrub.pinned === null ? null : nextStop(stops, scrub.pinned);
    if (next === null) return stopPlaying();
    request(next);
    timer = timers.schedule(advance, ANSWER_TIMEOUT_MS);
  };

  /** Pins `step` unless it is pinned already (the thumb then snaps back to it). */
  const choose = (step: number | undefined | null): void => {
    stopPlaying();
    if (step === undefined || step === null) return;
    if (step === scrub.pinned) render(); else request(step);
  };
  range.addEventListener('input', () => choose(nearestStop(stops, Number(range.value))));
  range.addEventListener('keydown', (event) => {
    const move = KEY_MOVES[event.key];
    if (!move || stops.length === 0) return;
    event.preventDefault();
    const index = scrub.pinned === null ? stops.length - 1 : stopIndex(stops, scrub.pinned);
    choose(stops[Math.max(0, Math.min(stops.length - 1, move(index, stops.length)))]);
  });
  live.addEventListener('click', () => { stopPlaying(); set(LIVE); });
  play.addEventListener('click', () => {
    if (scrub.playing) return stopPlaying();
    const atEnd = scrub.pinned === null || nextStop(stops, scrub.pinned) === null;
    set({ ...scrub, playing: true });
    request(atEnd ? stops[0] : scrub.pinned!);
    timer = timers.schedule(advance, ANSWER_TIMEOUT_MS);
  });

  function render(): void {
    element.hidden = stops.length < 2;
    range.min = String(stops[0] ?? 0);
    range.max = String(stops.at(-1) ?? 0);
    const index = scrub.pinned === null ? stops.length - 1 : stopIndex(stops, scrub.pinned);
    range.value = String(stops[index] ?? 0);
    range.setAttribute('aria-valuetext', `step ${stops[index] ?? 0}, frame ${index + 1} of ${stops.length}`);
    const shown = scrub.pinned === null ? 'latest' : `${scrub.frame?.step ?? scrub.pinned}${scrub.frame ? ` · epoch ${scrub.frame.epoch}` : ' …'}`;
    setText(readout, `${shown} (${stops.length} frames)`);
    setText(play, scrub.playing ? '⏸ pause' : '▶ play');
    play.setAttribute('aria-pressed', String(scrub.playing));
    live.disabled = scrub.pinned === null;
  }

  return {
    element,
    get scrub() { return scrub; },
    update(state) {
      const id = state.info?.runId ?? null;
      if (id !== runId) { runId = id; stopPlaying(); scrub = LIVE; }
      const next = state.record?.frameSteps ?? [];
      if (next !== stops) { stops = next; render(); }
    },
    receiveFrame(step, frame) {
      const before = scrub;
      scrub = withFrame(scrub, step, frame);
      if (scrub === before) return;
      render();
      onChange();
      if (scrub.playing) {
        if (timer !== null) timers.cancel(timer);
        timer = timers.schedule(advance, PLAY_INTERVAL_MS);
      }
    },
  };
}
