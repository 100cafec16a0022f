/** Compare Runs, DOM-free: runs' records as overlaid chart columns on shared x values, one shared ‖δ‖ range, legend text. */
import type { ComparedRun, SeriesBuckets } from '../../src/protocol';
import { positiveIfLog, type Column } from './series';
import { alignedLines } from './recordSeries';
import { bandedColumns } from './bands';

/** Diff lines shown in a legend entry before "+N more" (the whole list is in its tooltip). */
const LEGEND_CHANGES = 3;

/** A run's legend entry: its label, and what differs from the reference run (the first: the oldest). */
export function legendText(run: ComparedRun, index: number): { label: string; changes: string; title: string } {
  if (index === 0) return { label: run.label, changes: 'reference', title: `${run.label}: the run the others are compared with` };
  const shown = run.specDiff.slice(0, LEGEND_CHANGES);
  const more = run.specDiff.length - shown.length;
  const changes = run.specDiff.length === 0 ? 'same spec' : shown.join('; ') + (more > 0 ? `; +${more} more` : '');
  return { label: run.label, changes, title: [run.label, ...run.specDiff].join('\n') };
}

/** Several series (one per run) on the union of their x values; `log` makes non-positive values gaps. */
function overlay(series: readonly SeriesBuckets[], log: boolean): Column[] {
  const xs = [...new Set(series.flatMap((s) => Array.from(s.last)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const columns: Column[] = [xs];
  for (const s of series) {
    const column: Column = xs.map(() => null);
    for (let b = 0; b < s.last.length; b++) column[index.get(s.last[b])!] = positiveIfLog(s.mean[b], log);
    columns.push(column);
  }
  return columns;
}

/** Loss per epoch, overlaid: x = epoch, then per run its train loss and test loss. */
export function lossOverlay(runs: readonly ComparedRun[]): Column[] {
  return overlay(runs.flatMap((r) => [r.record.epochs.trainLoss, r.record.epochs.testLoss]), false);
}

/** Accuracy per epoch, overlaid: x = epoch, then per run its train and test accuracy. */
export function accuracyOverlay(runs: readonly ComparedRun[]): Column[] {
  return overlay(runs.flatMap((r) => [r.record.epochs.trainAccuracy, r.record.epochs.testAccuracy]), false);
}

/** Layers of the deepest run (each small multiple is one layer l; a shallower run has no line there). */
export function layerCount(runs: readonly ComparedRun[]): number {
  return Math.max(0, ...runs.map((r) => r.record.layers.length));
}

/** ‖δ^l‖ over steps, one line per run with its [min, max] band (x = step; bandedColumns' order), on a log axis. */
export function normOverlay(runs: readonly ComparedRun[], layer: number): Column[] {
  const empty: SeriesBuckets = { first: new Float64Array(), last: new Float64Array(), count: new Float64Array(), mean: new Float32Array(), min: new Float32Array(), max: new Float32Array() };
  const { x, lines } = alignedLines(runs.map((r) => r.record.layers[layer - 1]?.deltaNorm ?? empty), true);
  return bandedColumns(x, lines);
}

/** One y range for every small multiple: whole decades around every run's and layer's positive ‖δ^l‖ (min/max included). */
export function sharedNormRange(runs: readonly ComparedRun[]): [number, number] | null {
  let lo = Infinity, hi = -Infinity;
  for (const run of runs) {
    for (const layer of run.record.layers) {
      for (const v of [...layer.deltaNorm.min, ...layer.deltaNorm.max]) {
        if (v > 0 && Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      }
    }
  }
  if (!(lo <= hi)) return null;
  const decade = (e: number) => (e < 0 ? 1 / 10 ** -e : 10 ** e); // 10 ** -4 is 0.00009999999999999999
  return [decade(Math.floor(Math.log10(lo))), decade(Math.ceil(Math.log10(hi) + (hi === lo ? 1 : 0)))];
}

/** The last step any run recorded: every small multiple spans [0, it]. */
export function sharedStepRange(runs: readonly ComparedRun[]): [number, number] {
  return [0, Math.max(1, ...runs.map((r) => r.record.lastStep))];
}

/** ‖δ^l‖ of each run's last bucket, per layer (rows = layers, columns = runs), null where a run has no such layer. */
export function finalNorms(runs: readonly ComparedRun[]): (number | null)[][] {
  return Array.from({ length: layerCount(runs) }, (_, l) => runs.map((r) => {
    const mean = r.record.layers[l]?.deltaNorm.mean;
    return mean && mean.length ? mean[mean.length - 1] : null;
  }));
}
