/**
 * Monitor-only messages on top of protocol.ts, shared by the webview bundles and the host (pure, no vscode import):
 * a batch of coalesced updates (one postMessage per flush), the webview's acknowledgement of a fullState, and the
 * benchmark's frame-rate report.
 */
import type { HostToWebview } from '../../protocol';

/** What the monitor posts to a webview: a fullState, or one flush of coalesced updates in order. */
export type MonitorPost = HostToWebview | { type: 'batch'; messages: HostToWebview[] };

/** Benchmark side channel: a webview opened in bench mode posts its rAF frame rate every few seconds. */
export interface FrameStatsMessage {
  type: 'frameStats';
  /** Frames per second over the last interval. */
  fps: number;
  /** Frames counted in the interval. */
  frames: number;
  /** Frames that took longer than 50 ms (janky). */
  longFrames: number;
  /** Length of the interval in ms. */
  intervalMs: number;
}

/** Validates a frameStats message from a webview; null for anything else. */
export function parseFrameStats(raw: unknown): FrameStatsMessage | null {
  if (!raw || typeof raw !== 'object') return null;
  const m = raw as Record<string, unknown>;
  if (m.type !== 'frameStats') return null;
  const numbers = [m.fps, m.frames, m.longFrames, m.intervalMs];
  if (!numbers.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 1e7)) return null;
  return { type: 'frameStats', fps: m.fps as number, frames: m.frames as number, longFrames: m.longFrames as number, intervalMs: m.intervalMs as number };
}

/** Sent by a webview once it has drawn a fullState: proves the round trip (integration tests, logs). */
export interface StateAckMessage {
  type: 'stateAck';
  /** The run state the webview now shows. */
  runState: string;
  /** How many loss points and layers it holds. */
  lossPoints: number;
  layers: number;
  /** Whether the snapshot's δ arrived as a Float32Array (null without a snapshot): binary transfer works. */
  float32: boolean | null;
}

const RUN_STATES = new Set(['idle', 'starting', 'running', 'paused', 'finished', 'stopped', 'failed']);

/** Validates a stateAck message from a webview; null for anything else. */
export function parseStateAck(raw: unknown): StateAckMessage | null {
  if (!raw || typeof raw !== 'object') return null;
  const m = raw as Record<string, unknown>;
  if (m.type !== 'stateAck' || typeof m.runState !== 'string' || !RUN_STATES.has(m.runState)) return null;
  if (!Number.isInteger(m.lossPoints) || !Number.isInteger(m.layers) || (m.lossPoints as number) < 0 || (m.layers as number) < 0) return null;
  const float32 = m.float32 === true || m.float32 === false ? m.float32 : null;
  return { type: 'stateAck', runState: m.runState, lossPoints: m.lossPoints as number, layers: m.layers as number, float32 };
}
