/** backprop-lens predict MODEL.json DATA.csv: the class and probabilities (or values) of each raw row. */
import { readFileSync } from 'node:fs';
import { DataError } from '../engine/data/dataset';
import { featureRowsOfCsv, predictRows } from '../engine/model/predict';
import { UsageError, type Output } from './commands';
import { readModel } from './export';
import { fmt, table } from '../engine/check/gradcheck-table';

export function predict(modelPath: string, csvPath: string, opts: { json: boolean }, io: Output): number {
  const { model } = readModel(modelPath);
  let text: string;
  try {
    text = readFileSync(csvPath, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${csvPath}: ${(e as Error).message}`, 1);
  }
  let rows;
  try {
    rows = featureRowsOfCsv(model, text, csvPath);
  } catch (e) {
    if (e instanceof DataError) throw new UsageError(e.message, 1);
    throw e;
  }
  const predictions = predictRows(model, rows.rows, rows.count);
  if (opts.json) {
    predictions.forEach((p, i) => io.out(JSON.stringify({ line: rows.lines[i], ...p })));
    return 0;
  }
  const classes = model.classNames;
  const units = model.layers[model.layers.length - 1].units;
  const header = model.task === 'classification'
    ? ['line', 'class', ...(classes ?? []).map((c) => `p(${c})`)]
    : ['line', ...Array.from({ length: units }, (_, j) => (units > 1 ? `output ${j + 1}` : 'output'))];
  io.out(table(header, predictions.map((p, i) => [String(rows.lines[i]), ...(p.class !== undefined ? [p.class, ...p.probabilities!.map((v) => fmt(v))] : p.values!.map((v) => fmt(v)))])));
  return 0;
}
