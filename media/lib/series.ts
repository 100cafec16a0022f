/** Chart data, DOM-free: MonitorState histories → uPlot's aligned columns (one x array, one y array per series). */
import type { EpochMetrics, StepPoint } from '../../src/protocol';

export type Column = (number | null)[];

/** x = every step with a loss point or an epoch's metrics; series: train loss, test loss, train and test accuracy. */
export function lossColumns(losses: readonly StepPoint[], epochs: readonly EpochMetrics[], logScale: boolean): [number[], Column, Column, Column, Column] {
  const byStep = new Map<number, [number | null, number | null, number | null, number | null]>();
  const row = (step: number): [number | null, number | null, number | null, number | null] => {
    let r = byStep.get(step);
    if (!r) byStep.set(step, (r = [null, null, null, null]));
    return r;
  };
  for (const p of losses) row(p.step)[0] = positiveIfLog(p.loss, logScale);
  for (const e of epochs) {
    const r = row(e.step);
    r[1] = e.testLoss === null ? null : positiveIfLog(e.testLoss, logScale);
    r[2] = e.accuracy;
    r[3] = e.testAccuracy;
  }
  const steps = [...byStep.keys()].sort((a, b) => a - b);
  const columns: [number[], Column, Column, Column, Column] = [steps, [], [], [], []];
  for (const step of steps) {
    const r = byStep.get(step)!;
    for (let k = 0; k < 4; k++) (columns[k + 1] as Column).push(r[k]);
  }
  return columns;
}

/** A value a log axis can show: finite and > 0, else null (a gap). On a linear axis only non-finite values are gaps. */
export function positiveIfLog(v: number, logScale: boolean): number | null {
  if (!Number.isFinite(v)) return null;
  return logScale && v <= 0 ? null : v;
}

/** x = snapshot steps; one series per layer with its ‖δ^l‖ (non-positive norms become gaps on the log axis). */
export function normColumns(history: readonly { step: number; norms: number[] }[], layerCount: number): Column[] {
  const columns: Column[] = [history.map((h) => h.step)];
  for (let l = 0; l < layerCount; l++) columns.push(history.map((h) => positiveIfLog(h.norms[l] ?? NaN, true)));
  return columns;
}

/** Every `stride`-th point, always keeping the last: a sparkline needs no more than its pixels. */
export function decimate<T>(points: readonly T[], maxPoints: number): T[] {
  if (points.length <= maxPoints) return points.slice();
  const stride = Math.ceil(points.length / maxPoints);
  const out = points.filter((_, i) => i % stride === 0);
  if (out[out.length - 1] !== points[points.length - 1]) out.push(points[points.length - 1]);
  return out;
}
