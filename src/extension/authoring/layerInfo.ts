/** What a layer hover says (pure): the layer under the cursor, its latest ‖δ^l‖, dead/saturated shares, last check. */
import { getLocation } from 'jsonc-parser';
import { gradCheckVerdict } from '../../engine/gradcheck-report';
import type { GradCheckResult, LayerSnapshotMessage } from '../../protocol';

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
  return lines.length ? lines.join('  \n') : undefined;
}
