/** Predictions of a saved model for raw rows: mapped as the trainer mapped them (scale, normalisation), then the forward pass. */
import { DataError } from '../data/dataset';
import { forEachCsvRow } from '../data/csv-parse';
import { parseNumberCell } from '../data/csv-table';
import { Matrix } from '../nn/matrix';
import { inputMappingFromModelJson, parametersFromModelJson, type InputMapping, type ModelJson } from './model';
import { networkFromParameters } from '../nn/parameters';
import { forward, forwardBuffers } from '../nn/network';

export interface Prediction {
  /** classification: the predicted class name and one probability per class (one sigmoid unit: [1 − a, a]). */
  class?: string;
  probabilities?: number[];
  /** regression: the network's outputs. */
  values?: number[];
}

/** Raw feature rows (n × F, sample-major) → predictions; x' = (x · inputScale − shift) / scale as in training. */
export function predictRows(model: ModelJson, rows: Float64Array, count: number): Prediction[] {
  const params = parametersFromModelJson(model);
  const mapping = inputMappingFromModelJson(model);
  const width = model.layers[0].units;
  const net = networkFromParameters(width, params);
  const pass = forwardBuffers(net, count);
  for (let c = 0; c < count; c++) {
    for (let k = 0; k < width; k++) pass.a[0].data[k * count + c] = mappedFeature(mapping, rows[c * width + k], k);
  }
  const out = forward(net, pass).a[net.depth];
  return Array.from({ length: count }, (_, c) => predictionOf(model, out, c));
}

/** x'_k = (raw · inputScale − shift_k) / scale_k: the trainer's map of feature k (shift 0, scale 1 without normalisation). */
function mappedFeature(mapping: InputMapping, raw: number, k: number): number {
  const x = raw * mapping.inputScale;
  const norm = mapping.normalization;
  return norm && norm.method !== 'none' ? (x - norm.shift[k]) / norm.scale[k] : x;
}

/** One column of a^L as a prediction: argmax (first of ties), or a ≥ 0.5 for one sigmoid unit, as accuracy counts it. */
function predictionOf(model: ModelJson, out: Matrix, c: number): Prediction {
  const column = Array.from({ length: out.rows }, (_, j) => out.data[j * out.cols + c]);
  if (model.task !== 'classification') return { values: column };
  const probabilities = column.length === 1 ? [1 - column[0], column[0]] : column;
  let best = 0;
  if (column.length === 1) best = column[0] >= 0.5 ? 1 : 0;
  else for (let j = 1; j < column.length; j++) if (column[j] > column[best]) best = j;
  return { class: model.classNames?.[best] ?? String(best), probabilities };
}

/** Feature rows of a CSV, columns picked by the model's feature names (others, e.g. the target, are ignored). */
export function featureRowsOfCsv(model: ModelJson, text: string, file: string): { rows: Float64Array; count: number; lines: number[] } {
  const width = model.layers[0].units;
  let columns: number[] | null = null;
  let header: string[] = [];
  const values: number[] = [];
  const lines: number[] = [];
  forEachCsvRow(text, file, (fields, fieldLines) => {
    if (!columns) {
      header = fields.map((f) => f.trim());
      columns = columnsOf(model, header, width, file, fieldLines[0]);
      return;
    }
    for (const k of columns) {
      const v = k < fields.length ? parseNumberCell(fields[k]) : { reason: 'is missing' };
      if (typeof v !== 'number') throw new DataError(`${file} line ${fieldLines[Math.min(k, fields.length - 1)]}, column ${k + 1} (${header[k]}): ${v.reason}`, file, fieldLines[0], k + 1);
      values.push(v);
    }
    lines.push(fieldLines[0]);
  });
  if (!columns) throw new DataError(`${file} line 1: the file is empty; it needs a header row naming the features`, file, 1);
  return { rows: Float64Array.from(values), count: lines.length, lines };
}

/** Indices of the model's features in the header (all columns in order when the model names none). */
function columnsOf(model: ModelJson, header: string[], width: number, file: string, line: number): number[] {
  if (!model.featureNames) {
    if (header.length !== width) throw new DataError(`${file} line ${line}: the model takes ${width} features, the header has ${header.length} columns`, file, line);
    return header.map((_, k) => k);
  }
  return model.featureNames.map((name) => {
    const k = header.indexOf(name);
    if (k < 0) throw new DataError(`${file} line ${line}: the model's feature "${name}" is not a column; columns are ${header.join(', ')}`, file, line);
    return k;
  });
}
