/** A native run folder's record for `backprop-lens record`: metrics.json's layers and record.bin's RunRecord, checked lightly. */
import { RunFileError, PYTORCH_LAYER_SERIES, type RecordLayerInfo } from './pytorch-run';
import { decodeRecordFile, RECORD_FORMAT, RecordFileError } from './record-file';
import type { RunRecord } from './types';

const METRICS_FORMAT = 'backprop-lens/metrics@1';

/** metrics.json's info.layers as record layers (named by their 1-based index, as the spec's layers[l]). */
export function parseMetricsLayers(text: string): RecordLayerInfo[] {
  let value: { format?: unknown; info?: { layers?: unknown } };
  try {
    value = JSON.parse(text) ?? {};
  } catch (error) {
    throw new RunFileError(`metrics.json: not JSON (${(error as Error).message})`);
  }
  if (value.format !== METRICS_FORMAT) throw new RunFileError(`metrics.json: format is ${JSON.stringify(value.format)}, not "${METRICS_FORMAT}"`);
  const layers = value.info?.layers;
  if (!Array.isArray(layers) || layers.length === 0) throw new RunFileError('metrics.json: info.layers is not a non-empty list');
  return layers.map((raw: { layer?: unknown; units?: unknown; activation?: unknown }, i) => {
    if (!Number.isInteger(raw?.units) || typeof raw.activation !== 'string') throw new RunFileError(`metrics.json: info.layers[${i}] needs whole units and an activation`);
    return { name: String(raw.layer ?? i + 1), units: raw.units as number, activation: raw.activation };
  });
}

const isArray = (v: unknown): boolean => v instanceof Float32Array || v instanceof Float64Array;
const isSeries = (s: unknown): boolean => !!s && typeof s === 'object' && ['first', 'count', 'mean', 'min', 'max'].every((k) => isArray((s as Record<string, unknown>)[k]));

/** record.bin's RunRecord, one layer per metrics.json layer. */
export function parseRecordBin(bytes: Uint8Array, layerCount: number): RunRecord {
  let file: { format?: unknown; record?: RunRecord };
  try {
    file = (decodeRecordFile(bytes, 'record.bin') ?? {}) as typeof file;
  } catch (error) {
    if (error instanceof RecordFileError) throw new RunFileError(error.message);
    throw error;
  }
  if (file.format !== RECORD_FORMAT) throw new RunFileError(`record.bin: format is not "${RECORD_FORMAT}"`);
  const record = file.record;
  if (!record || !isSeries(record.loss) || !Array.isArray(record.layers)) throw new RunFileError('record.bin: record has no loss series or no layers');
  if (record.layers.length !== layerCount) throw new RunFileError(`record.bin: record holds ${record.layers.length} layers, metrics.json ${layerCount}`);
  record.layers.forEach((layer, i) => {
    for (const key of PYTORCH_LAYER_SERIES) if (!isSeries(layer[key])) throw new RunFileError(`record.bin: record.layers[${i}].${key} is not a series`);
  });
  return record;
}
