/**
 * A coded snapshot (the host's codedSnapshot.ts) back as a Snapshot the views draw: matrices decoded from their
 * 16-bit codes (marked `coded`: tooltips print them as approximate), sections left out as empty batch matrices.
 */
import type { CodedLayer, CodedSnapshot, LayerSnapshotMessage, Snapshot } from '../../src/protocol';
import { decodeMatrix } from '../../src/engine/monitor/matrixCodes';
import { formatNumber } from './numberFormat';

const NONE = new Float32Array(0);

export function decodeSnapshot(coded: CodedSnapshot): Snapshot {
  const { layers, boundary, firstLayerWeights, ...rest } = coded;
  return {
    ...rest, coded: true, layers: layers.map(decodeLayer),
    ...(boundary ? { boundary: { ...boundary, values: decodeMatrix(boundary.values), coded: true } } : {}),
    ...(firstLayerWeights ? { firstLayerWeights: { ...firstLayerWeights, values: decodeMatrix(firstLayerWeights.values) } } : {}),
  };
}

function decodeLayer({ batch, dW, ...rest }: CodedLayer): LayerSnapshotMessage {
  const matrices = batch
    ? { delta: decodeMatrix(batch.delta), sigmaPrime: decodeMatrix(batch.sigmaPrime), upstream: decodeMatrix(batch.upstream) }
    : { batchSize: 0, delta: NONE, sigmaPrime: NONE, upstream: NONE };
  return { ...rest, ...matrices, ...(dW ? { dW: decodeMatrix(dW) } : {}) };
}

/** How far a decoded value may be from the engine's: half a code step, max|v| / 65534 (0 for no values). */
export function codingBound(values: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]));
  return largest / 65534;
}

/** A tooltip's "name = v", or "name ≈ v ± bound" for a decoded value (`bound` null: exact). */
export function valueText(name: string, value: number, bound: number | null): string {
  if (bound === null) return `${name} = ${formatNumber(value)}`;
  return `${name} ≈ ${formatNumber(value)} ± ${formatNumber(bound)} (heatmap precision while training; exact when paused)`;
}
