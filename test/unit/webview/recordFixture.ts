/**
 * A RunRecord and its frames built from a recorded message stream, one bucket per point (what record-core's engine
 * record holds for a short run, stride 1), for webview tests of the record-driven views and the step slider.
 */
import type { Frame, HostToWebview, RunRecord, SeriesBuckets, Snapshot } from '../../../src/protocol';

/** One bucket per (x, value). */
export function buckets(points: readonly { x: number; value: number }[]): SeriesBuckets {
  const f64 = (pick: (p: { x: number; value: number }) => number) => Float64Array.from(points, pick);
  const f32 = Float32Array.from(points, (p) => p.value);
  return { first: f64((p) => p.x), last: f64((p) => p.x), count: f64(() => 1), mean: f32, min: f32.slice(), max: f32.slice() };
}

const snapshotsOf = (stream: readonly HostToWebview[]): Snapshot[] =>
  stream.flatMap((m) => (m.type === 'snapshot' ? [m.snapshot] : []));

/** The record of a whole stream: loss per step, layer series and δ map per snapshot, epoch rows, a frame per snapshot. */
export function recordOf(stream: readonly HostToWebview[]): RunRecord {
  const snapshots = snapshotsOf(stream);
  const losses = stream.flatMap((m) => (m.type === 'progress' ? m.points : []));
  const epochs = stream.flatMap((m) => (m.type === 'epoch' ? [m.metrics] : []));
  const layerCount = snapshots[0]?.layers.length ?? 0;
  const perSnapshot = (pick: (s: Snapshot) => number) => buckets(snapshots.map((s) => ({ x: s.step, value: pick(s) })));
  const layers = Array.from({ length: layerCount }, (_, l) => {
    const units = snapshots[0].layers[l].units, columns = snapshots.length;
    const values = new Float32Array(units * columns);
    snapshots.forEach((s, c) => { for (let j = 0; j < units; j++) values[j * columns + c] = s.layers[l].deltaMean[j]; });
    return {
      layer: l + 1,
      deltaNorm: perSnapshot((s) => s.layers[l].deltaNorm), deadShare: perSnapshot((s) => s.layers[l].deadShare),
      saturatedShare: perSnapshot((s) => s.layers[l].saturatedShare), gradNorm: perSnapshot(() => 0.1),
      weightNorm: perSnapshot(() => 1), updateRatio: perSnapshot(() => 1e-3),
      deltaMap: { units, columns, last: Float64Array.from(snapshots, (s) => s.step), values },
    };
  });
  const perEpoch = (pick: (e: (typeof epochs)[number]) => number | null) =>
    buckets(epochs.flatMap((e) => (pick(e) === null ? [] : [{ x: e.epoch, value: pick(e)! }])));
  return {
    stride: 1, lastStep: losses.at(-1)?.step ?? 0,
    loss: buckets(losses.map((p) => ({ x: p.step, value: p.loss }))), layers,
    epochs: { trainLoss: perEpoch((e) => e.loss), trainAccuracy: perEpoch((e) => e.accuracy), testLoss: perEpoch((e) => e.testLoss), testAccuracy: perEpoch((e) => e.testAccuracy) },
    frameSteps: snapshots.map((s) => s.step),
  };
}

/** The frame nearest at or before `step` (as the host answers 'requestFrame'). */
export function frameAt(stream: readonly HostToWebview[], step: number): Frame | null {
  const before = snapshotsOf(stream).filter((s) => s.step <= step);
  const last = before.at(-1);
  return last ? { ...last, health: undefined } : null;
}
