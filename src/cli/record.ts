/** backprop-lens record RUN_DIR [--json]: a run's record, for native run folders and PyTorch runs (python/backprop_lens) alike. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { parseMetricsLayers, parseRecordBin } from '../engine/record/native-run';
import { parseLensJson, parseRecordLines, RunFileError } from '../engine/record/pytorch-run';
import { summarizeRunRecord, summarizeStepRows, type RecordSummary } from '../engine/record/record-summary';
import { fmt, table } from '../engine/check/gradcheck-table';
import { UsageError, type Output } from './commands';

/** The summary of the run in `dir`: lens.json marks a PyTorch run, metrics.json a native one. */
function readRun(dir: string): RecordSummary {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir}: no such run folder`, 1);
  const read = (name: string) => readFileSync(join(dir, name));
  if (existsSync(join(dir, 'lens.json'))) {
    const layers = parseLensJson(read('lens.json').toString('utf8'));
    const recordText = existsSync(join(dir, 'record.jsonl')) ? read('record.jsonl').toString('utf8') : '';
    const { rows, ended } = parseRecordLines(recordText, layers.length);
    return summarizeStepRows(layers, rows, ended);
  }
  if (!existsSync(join(dir, 'metrics.json'))) throw new UsageError(`${dir}: neither a PyTorch run (no lens.json) nor a Backprop Lens run folder (no metrics.json)`, 1);
  if (!existsSync(join(dir, 'record.bin'))) throw new UsageError(`${join(dir, 'record.bin')}: missing (this run folder was saved without a record)`, 1);
  const layers = parseMetricsLayers(read('metrics.json').toString('utf8'));
  const bytes = read('record.bin');
  return summarizeRunRecord(layers, parseRecordBin(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), layers.length));
}

/** The last non-null value of a series. */
function lastValue(values: (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return values[i];
  return null;
}

/** A table of every layer's last recorded values under a line saying what the run is. */
function recordText(dir: string, s: RecordSummary): string {
  const source = s.source === 'pytorch' ? `PyTorch run${s.ended ? '' : ' (no end line: still running, or stopped)'}` : 'Backprop Lens run';
  const entries = s.bucketed ? `${s.steps.length} buckets (means)` : `${s.steps.length} recorded steps`;
  const header = ['layer', 'units', 'activation', '‖δ‖', 'dead', 'saturated', '‖∂E/∂W‖', '‖W‖', 'update ratio'];
  const rows = s.layers.map((l, i) => [l.name, String(l.units), l.activation, ...(['deltaNorm', 'deadShare', 'saturatedShare', 'gradNorm', 'weightNorm', 'updateRatio'] as const).map((k) => fmt(lastValue(s[k][i])))]);
  return [`${dir}: ${source}, ${entries} up to step ${s.lastStep}; last loss ${fmt(lastValue(s.loss))}. Last recorded values:`, table(header, rows)].join('\n');
}

export function recordCommand(dir: string, opts: { json: boolean }, io: Output): number {
  let summary: RecordSummary;
  try {
    summary = readRun(dir);
  } catch (error) {
    if (error instanceof RunFileError) throw new UsageError(`${dir.replace(/[\\/]+$/, '')}${sep}${error.message}`, 1);
    throw error;
  }
  io.out(opts.json ? JSON.stringify(summary) : recordText(dir, summary));
  return 0;
}
