/**
 * What the webview keeps with vscode.setState: the run state (trimmed) and the UI choices, JSON-safe.
 * Float32Arrays become { f32: base64 } so they survive JSON; the host's fullState replaces the run part after 'ready'.
 */
import type { LayerSnapshotMessage, MonitorState } from '../../src/protocol';

export interface UiState {
  lossScale: 'linear' | 'log';
  /** Colour scale of the δ-over-time maps: one symmetric scale for the whole history, or each step's own max |δ|. */
  deltaScale: 'shared' | 'perStep';
  /** Layer whose ∂E/∂W (BP4) is shown, or null. */
  weightGradientLayer: number | null;
}

export interface PersistedView { version: 1; monitor: MonitorState; ui: UiState }

/** Persisted histories keep only their newest entries: a restored view paints at once, the host fills in the rest. */
export const PERSISTED_HISTORY = 200;
const PERSISTED_GRAD_CHECKS = 10;
/** Batch matrices (δ, σ', upstream) are kept only while they hold at most this many values in all (small nets). */
const PERSISTED_BATCH_VALUES = 50_000;

export function defaultUiState(): UiState {
  return { lossScale: 'linear', deltaScale: 'shared', weightGradientLayer: null };
}

/** The trimmed, JSON-safe form handed to setState. */
export function encodeView(monitor: MonitorState, ui: UiState): unknown {
  const trimmed: MonitorState = {
    ...monitor,
    deltaHistory: monitor.deltaHistory.map((h) => h.slice(-PERSISTED_HISTORY)),
    normHistory: monitor.normHistory.slice(-PERSISTED_HISTORY),
    gradChecks: monitor.gradChecks.slice(-PERSISTED_GRAD_CHECKS),
    // The step record is large and grows with the run (it cost the workbench most of its main thread when encoded
    // every second); the host resends it with fullState after 'ready', and a view without one draws its histories.
    record: null,
    snapshot: monitor.snapshot && { ...monitor.snapshot, firstLayerWeights: undefined, layers: persistedLayers(monitor.snapshot.layers) },
  };
  return encodeValue({ version: 1, monitor: trimmed, ui });
}

/** Snapshot layers without ∂E/∂W, and without the batch matrices when they are large (the host resends them). */
function persistedLayers(layers: LayerSnapshotMessage[]): LayerSnapshotMessage[] {
  const values = layers.reduce((sum, l) => sum + 3 * l.units * l.batchSize, 0);
  const empty = new Float32Array(0);
  return layers.map(({ dW: _dW, ...rest }) => (values <= PERSISTED_BATCH_VALUES ? rest : { ...rest, batchSize: 0, delta: empty, sigmaPrime: empty, upstream: empty }));
}

/** Reads what getState returned; null for anything that is not a view this code wrote. */
export function decodeView(raw: unknown): PersistedView | null {
  if (!raw || typeof raw !== 'object' || (raw as { version?: unknown }).version !== 1) return null;
  const view = decodeValue(raw) as PersistedView;
  if (!view.monitor || !Array.isArray(view.monitor.losses) || !view.ui) return null;
  return { version: 1, monitor: view.monitor, ui: { ...defaultUiState(), ...view.ui } };
}

/** Deep copy with every Float32Array replaced by { f32: base64 of its bytes }. */
export function encodeValue(value: unknown): unknown {
  if (value instanceof Float32Array) return { f32: bytesToBase64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
  if (Array.isArray(value)) return value.map(encodeValue);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = encodeValue(v);
    return out;
  }
  return value;
}

/** Inverse of encodeValue. */
export function decodeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeValue);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.f32 === 'string' && Object.keys(record).length === 1) return new Float32Array(base64ToBytes(record.f32).buffer);
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(record)) out[key] = decodeValue(v);
    return out;
  }
  return value;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
