/** What a layer hover says (pure): the layer under the cursor, its latest ‖δ^l‖, dead/saturated shares, last check. */
import { getLocation } from 'jsonc-parser';
import { gradCheckVerdict } from '../../engine/check/gradcheck-report';
import type { ExplainTarget, GradCheckResult, LayerSnapshotMessage } from '../../protocol';

/** The command a hover's link runs: opens the monitor's Explain pane on a layer (arguments: [{ layer }]). */
export const EXPLAIN_LAYER_COMMAND = 'backpropLens.explainLayer';

/** The dense layer index l ≥ 1 at `offset` (anywhere inside layers[l]), else undefined. */
export function layerAtOffset(text: string, offset: number): number | undefined {
  const path = getLocation(text, offset).path;
  return path[0] === 'layers' && typeof path[1] === 'number' && path[1] >= 1 ? path[1] : undefined;
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export function layerHoverMarkdown(layer: number, snapshot: LayerSnapshotMessage | undefined, step: number | undefined, check: GradCheckResult | undefined): string | undefined {
  const lines: string[] = [];
  if (snapshot) {
    lines.push(`**Layer ${layer}** at step ${step}: ‖δ^${layer}‖ = ${snapshot.deltaNorm.toExponential(3)}`);
    lines.push(`dead units ${pct(snapshot.deadShare)} · saturated σ′ ${pct(snapshot.saturatedShare)}`);
  }
  const checked = check?.layers.find((l) => l.layer === layer);
  if (check && checked) {
    lines.push(`last gradient check (step ${check.step}) of this layer: ${gradCheckVerdict({ culpritLayer: check.culpritLayer === layer ? layer : null, layers: [checked] }).sentence}`);
  }
  if (snapshot) lines.push(explainLink(layer));
  return lines.length ? lines.join('  \n') : undefined;
}

/** A command link that opens Explain on layer `layer` (the hover's MarkdownString must trust EXPLAIN_LAYER_COMMAND). */
function explainLink(layer: number): string {
  const args = encodeURIComponent(JSON.stringify([{ layer }]));
  return `[$(debug-step-into) Explain layer ${layer}](command:${EXPLAIN_LAYER_COMMAND}?${args} "Open the monitor's Explain pane on this layer's largest δ for the batch's first sample")`;
}

/** The δ cell Explain opens for a layer: its unit with the largest |δ_j| for the batch's first sample (column 0). */
export function explainTargetForLayer(layer: number, snapshot: LayerSnapshotMessage | undefined): ExplainTarget {
  let unit = 0;
  if (snapshot && snapshot.batchSize > 0) {
    const deltaOfFirstSample = (j: number) => Math.abs(snapshot.delta[j * snapshot.batchSize]);
    for (let j = 1; j < snapshot.units; j++) if (deltaOfFirstSample(j) > deltaOfFirstSample(unit)) unit = j;
  }
  return { layer, unit, column: 0 };
}

/** The layer named by a command link's argument ({ layer } or the number), else undefined. */
export function layerOfArgument(arg: unknown): number | undefined {
  const layer = typeof arg === 'object' && arg !== null ? (arg as { layer?: unknown }).layer : arg;
  return Number.isInteger(layer) && (layer as number) >= 1 ? layer as number : undefined;
}
