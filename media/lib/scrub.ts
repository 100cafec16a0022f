/** The step slider's state, DOM-free: which frame the δ views show (the live snapshot, or a pinned step's frame). */
import type { Frame, MonitorState, Snapshot } from '../../src/protocol';

export interface Scrub {
  /** The step the slider points at; null follows the live run (the latest snapshot). */
  pinned: number | null;
  /** The host's answer for `pinned` (its own step may be earlier: the nearest frame at or before). */
  frame: Frame | null;
  playing: boolean;
}

export const LIVE: Scrub = { pinned: null, frame: null, playing: false };

/** Index of the last stop at or before `step` (0 before the first stop; -1 without stops). */
export function stopIndex(stops: readonly number[], step: number): number {
  if (stops.length === 0) return -1;
  let lo = 0, hi = stops.length - 1;
  if (step <= stops[0]) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (stops[mid] <= step) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/** The stop nearest to `step` (the earlier one on a tie); null without stops. */
export function nearestStop(stops: readonly number[], step: number): number | null {
  const i = stopIndex(stops, step);
  if (i < 0) return null;
  const after = stops[i + 1];
  return after !== undefined && after - step < step - stops[i] ? after : stops[i];
}

/** The stop after `step`, or null when `step` is at or past the last one. */
export function nextStop(stops: readonly number[], step: number): number | null {
  const i = stopIndex(stops, step);
  if (i < 0) return null;
  if (stops[i] > step) return stops[i];
  return i + 1 < stops.length ? stops[i + 1] : null;
}

/** Pins `step`: its frame is asked for; the previous frame stays drawn until the answer arrives. */
export function pin(scrub: Scrub, step: number): Scrub {
  return { ...scrub, pinned: step };
}

/** The host's answer to a frame request: kept only when it answers the step still pinned (late answers are dropped). */
export function withFrame(scrub: Scrub, step: number, frame: Frame | null): Scrub {
  return scrub.pinned === step ? { ...scrub, frame } : scrub;
}

/** The step the time-axis views put their cursor at: the pinned one (null while following the live run). */
export function cursorStep(scrub: Scrub): number | null {
  return scrub.pinned;
}

/** The snapshot the δ views, the BP2 factors and the boundary draw: the pinned frame once it arrived, else the live one. */
function shownSnapshot(state: MonitorState, scrub: Scrub): Snapshot | null {
  return scrub.pinned !== null && scrub.frame ? scrub.frame : state.snapshot;
}

/** `state` as the views draw it under the slider: snapshot and boundary from the pinned frame (health findings stay live). */
export function scrubbedState(state: MonitorState, scrub: Scrub): MonitorState {
  const shown = shownSnapshot(state, scrub);
  if (shown === state.snapshot) return state;
  return { ...state, snapshot: shown && { ...shown, health: state.snapshot?.health }, boundary: shown?.boundary ?? state.boundary };
}
