/**
 * A webview's link to the host, shared by the dashboard and the side view: every host message goes through the pure
 * reducer, drawing happens at most once per animation frame, a fullState is acknowledged once it is on screen.
 */
import type { HostToWebview, MonitorState } from '../../src/protocol';
import type { WebviewTransport } from './transport';
import { reduce, snapshotIsFloat32 } from './state';

export interface HostLink {
  readonly state: MonitorState;
  /** Applies a host message as if it had arrived. */
  receive(message: HostToWebview): void;
  /** Draws on the next frame (once, however often it is asked). */
  requestRender(): void;
  /** Draws now. */
  render(): void;
}

/**
 * Draws `initial` at once, then listens and posts 'ready' (the host answers with a fullState). `observe` sees each
 * message first (answers that are view state, not run state: the step slider's frames).
 */
export function linkToHost(transport: WebviewTransport, initial: MonitorState, scheduleFrame: (callback: () => void) => void, draw: (state: MonitorState) => void, observe?: (message: HostToWebview) => void): HostLink {
  let state = initial, framePending = false, ackPending = false;
  const render = (): void => {
    framePending = false;
    draw(state);
    if (!ackPending) return;
    ackPending = false;
    transport.post({ type: 'stateAck', runState: state.state, lossPoints: state.losses.length, layers: state.info?.layers.length ?? 0, float32: snapshotIsFloat32(state) });
  };
  const requestRender = (): void => {
    if (framePending) return;
    framePending = true;
    scheduleFrame(render);
  };
  const receive = (message: HostToWebview): void => {
    observe?.(message);
    state = reduce(state, message);
    if (message.type === 'fullState') ackPending = true;
    requestRender();
  };
  transport.onMessage(receive);
  render();
  transport.post({ type: 'ready' });
  return { get state() { return state; }, receive, requestRender, render };
}
