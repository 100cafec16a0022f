/**
 * A training run's snapshot as one monitor webview needs it: the matrices of the sections on screen as 16-bit codes
 * (src/matrixCodes.ts), the others left out; per-layer norms, shares, batch-mean δ and health stay exact (the charts
 * and tooltips print them). No vscode import: unit-tested.
 */
import type { CodedLayer, CodedSnapshot, LayerSnapshotMessage, MonitorSection, Snapshot } from '../../protocol';
import { encodeMatrix } from '../../engine/monitor/matrixCodes';

/** `snapshot` with only the `visible` sections' matrices, coded; `left` lists the sections it had matrices for but left out. */
export function codeSnapshot(snapshot: Snapshot, visible: ReadonlySet<MonitorSection>): { coded: CodedSnapshot; left: MonitorSection[] } {
  const { layers, boundary, firstLayerWeights, coded: _coded, ...rest } = snapshot;
  const left = new Set<MonitorSection>();
  const skip = (section: MonitorSection, present: unknown): boolean => {
    if (present && !visible.has(section)) left.add(section);
    return !visible.has(section);
  };
  const coded: CodedSnapshot = { ...rest, layers: layers.map((layer) => codeLayer(layer, skip('batch', layer.delta.length), skip('weights', layer.dW))) };
  if (boundary && !skip('boundary', boundary)) coded.boundary = { ...boundary, values: encodeMatrix(boundary.values) };
  if (firstLayerWeights && !skip('weights', firstLayerWeights)) coded.firstLayerWeights = { ...firstLayerWeights, values: encodeMatrix(firstLayerWeights.values) };
  return { coded, left: [...left] };
}

function codeLayer(layer: LayerSnapshotMessage, skipBatch: boolean, skipWeights: boolean): CodedLayer {
  const { delta, sigmaPrime, upstream, dW, ...rest } = layer;
  const batch = skipBatch ? null : { delta: encodeMatrix(delta), sigmaPrime: encodeMatrix(sigmaPrime), upstream: encodeMatrix(upstream) };
  return { ...rest, batch, ...(dW && !skipWeights ? { dW: encodeMatrix(dW) } : {}) };
}
