/**
 * Where the network diagram draws things (pure): one column per layer (input at the left), the shown units spread
 * down it, and which node a point falls on. Colours and widths come from values scaled to [−1, 1] per layer.
 */
import type { SampleTrace } from '../../src/protocol';

export interface DiagramNode { layer: number; index: number; unit: number; x: number; y: number }
export interface DiagramLayout { width: number; height: number; radius: number; nodes: DiagramNode[][] }

/** Space above the nodes for layer labels, below them for "+N more". */
const DIAGRAM_MARGIN = { top: 22, bottom: 18, side: 28 };
const ROW_SPACING = 10;

/** Node positions for `trace` in a canvas `width` CSS pixels wide (height follows the widest shown layer). */
export function diagramLayout(trace: SampleTrace, width: number): DiagramLayout {
  const tallest = Math.max(1, ...trace.layers.map((l) => l.shown.length));
  const height = DIAGRAM_MARGIN.top + DIAGRAM_MARGIN.bottom + Math.max(110, tallest * ROW_SPACING);
  const columns = trace.layers.length;
  const usable = height - DIAGRAM_MARGIN.top - DIAGRAM_MARGIN.bottom;
  const columnX = (l: number) => columns === 1 ? width / 2 : DIAGRAM_MARGIN.side + (l * (width - 2 * DIAGRAM_MARGIN.side)) / (columns - 1);
  const nodes = trace.layers.map((layer, l) => layer.shown.map((unit, index): DiagramNode => ({
    layer: l, index, unit, x: columnX(l), y: DIAGRAM_MARGIN.top + ((index + 0.5) * usable) / layer.shown.length,
  })));
  const radius = Math.max(2, Math.min(8, (usable / tallest) / 2 - 0.5));
  return { width, height, radius, nodes };
}

/** The node within reach of (x, y) (CSS pixels), nearest first; null when none is. */
export function nodeAt(layout: DiagramLayout, x: number, y: number): DiagramNode | null {
  let best: DiagramNode | null = null, bestDistance = Math.max(layout.radius + 3, 6);
  for (const node of layout.nodes.flat()) {
    const distance = Math.hypot(node.x - x, node.y - y);
    if (distance <= bestDistance) { best = node; bestDistance = distance; }
  }
  return best;
}

/** values / max|values| (all 0 when every value is 0): the diverging palette's u ∈ [−1, 1]. */
export function scaled(values: readonly number[]): number[] {
  const limit = values.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m), 0);
  return values.map((v) => (limit > 0 && Number.isFinite(v) ? v / limit : 0));
}

/** Edge order for drawing: indices by |u| ascending, so the strongest edges are drawn last (on top). */
export function drawOrder(u: readonly number[]): number[] {
  return u.map((_, i) => i).sort((p, q) => Math.abs(u[p]) - Math.abs(u[q]));
}
