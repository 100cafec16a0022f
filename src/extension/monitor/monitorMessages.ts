/**
 * The host's validators for the monitor-only webview reports declared in protocol.ts: the webview's acknowledgement
 * of a fullState and the benchmark's frame-rate report (never trust webview input).
 */
import type { FrameStatsMessage, StateAckMessage } from '../../protocol';

/** Validates a frameStats message from a webview; null for anything else. */
export function parseFrameStats(raw: unknown): FrameStatsMessage | null {
  if (!raw || typeof raw !== 'object') return null;
  const m = raw as Record<string, unknown>;
  if (m.type !== 'frameStats') return null;
  const numbers = [m.fps, m.frames, m.longFrames, m.intervalMs];
  if (!numbers.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 1e7)) return null;
  return { type: 'frameStats', fps: m.fps as number, frames: m.frames as number, longFrames: m.longFrames as number, intervalMs: m.intervalMs as number };
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
