/**
 * The network diagram of the explained sample: units as nodes coloured by a or δ, edges by W or ∂E_x/∂W (width and
 * colour by magnitude and sign, scaled per layer), the explained unit ringed. Clicking a node explains that unit for
 * the same sample. Up to 64 units per layer are drawn (the strongest); a count names the rest.
 */
import type { ExplanationAnswer, SampleTrace, TraceLayer } from '../../src/protocol';
import { divergingIndex } from '../lib/palette';
import { diagramLayout, drawOrder, nodeAt, scaled, type DiagramLayout, type DiagramNode } from '../lib/diagramLayout';
import { formatNumber } from '../lib/numberFormat';
import { h, setText } from '../lib/dom';
import type { Palettes } from './heatmapCanvas';
import { hideTooltip, showTooltip } from './tooltip';

type NodeMode = 'a' | 'delta';
interface Shown { trace: SampleTrace; layer: number; unit: number }
type EdgeMode = 'W' | 'dW';

export interface NetworkDiagramView {
  element: HTMLElement;
  /** Draws the answer's trace (hides the diagram when it has none). */
  show(answer: ExplanationAnswer): void;
  /** Redraws with the theme's palettes. */
  repaint(palettes: Palettes): void;
  /** Marks layer l's column (the backward walk's current layer), or none. */
  highlightLayer(layer: number | null): void;
}

/** `explain(layer, unit)` is called with a clicked node of a dense layer (unit 0-based). */
export function createNetworkDiagram(palettes: Palettes, explain: (layer: number, unit: number) => void): NetworkDiagramView {
  let nodeMode: NodeMode = 'delta', edgeMode: EdgeMode = 'W';
  let shown: Shown | null = null;
  let highlighted: number | null = null;
  let layout: DiagramLayout | null = null;
  const canvas = h('canvas', { class: 'network-diagram clickable', width: 1, height: 1, role: 'img', 'aria-describedby': 'tooltip' });
  const caption = h('p', { class: 'meta diagram-caption' });
  const nodeButton = h('button', { type: 'button', id: 'btn-diagram-nodes', title: 'Colour the units by their activation a or their δ for this sample' });
  const edgeButton = h('button', { type: 'button', id: 'btn-diagram-edges', title: 'Colour the connections by the weight W or by this sample\'s ∂E/∂W = δ_j a_k (BP4)' });
  const element = h('div', { id: 'network-diagram', class: 'network-diagram-view' }, h('div', { class: 'view-tools' }, nodeButton, edgeButton), canvas, caption);
  element.hidden = true;
  const draw = (): void => {
    setText(nodeButton, nodeMode === 'delta' ? 'units: δ' : 'units: a');
    setText(edgeButton, edgeMode === 'W' ? 'edges: W' : 'edges: ∂E/∂W');
    if (!shown) return;
    layout = diagramLayout(shown.trace, Math.max(240, element.clientWidth || 520));
    paint(canvas, layout, { ...shown, highlighted }, nodeMode, edgeMode, palettes);
    canvas.setAttribute('aria-label', describe(shown.trace, shown.layer, shown.unit));
    setText(caption, describe(shown.trace, shown.layer, shown.unit));
  };
  nodeButton.addEventListener('click', () => { nodeMode = nodeMode === 'delta' ? 'a' : 'delta'; draw(); });
  edgeButton.addEventListener('click', () => { edgeMode = edgeMode === 'W' ? 'dW' : 'W'; draw(); });
  const pointed = (event: MouseEvent): DiagramNode | null => {
    const rect = canvas.getBoundingClientRect();
    return layout && nodeAt(layout, event.clientX - rect.left, event.clientY - rect.top);
  };
  canvas.addEventListener('click', (event) => {
    const node = pointed(event);
    if (node && node.layer > 0) explain(node.layer, node.unit);
  });
  canvas.addEventListener('mousemove', (event) => {
    const node = pointed(event);
    if (!node || !shown) return hideTooltip();
    showTooltip(nodeText(shown.trace.layers[node.layer], node), event.clientX, event.clientY);
  });
  canvas.addEventListener('mouseleave', hideTooltip);
  draw();
  return {
    element,
    show(answer) {
      shown = answer.trace ? { trace: answer.trace, layer: answer.layer, unit: answer.unit } : null;
      element.hidden = shown === null;
      draw();
    },
    repaint(next) { palettes = next; draw(); },
    highlightLayer(layer) { highlighted = layer; canvas.dataset.highlighted = layer === null ? '' : String(layer); draw(); },
  };
}

function nodeText(layer: TraceLayer, node: DiagramNode): string {
  const where = node.layer === 0 ? `input ${node.unit + 1}` : `layer ${node.layer} · neuron ${node.unit + 1}`;
  const delta = node.layer === 0 ? '' : ` · δ = ${formatNumber(layer.delta[node.index])}`;
  return `${where} · a = ${formatNumber(layer.a[node.index])}${delta}${node.layer === 0 ? '' : ' (click to explain)'}`;
}

function describe(trace: SampleTrace, layer: number, unit: number): string {
  const sizes = trace.layers.map((l) => (l.shown.length < l.units ? `${l.shown.length} of ${l.units}` : String(l.units))).join('–');
  return `This sample through the network (${sizes} units shown), E_x = ${formatNumber(trace.loss)}; ringed: layer ${layer}, neuron ${unit + 1}. Click a unit to explain it.`;
}

/** The LUT colour of u ∈ [−1, 1] as a CSS colour with alpha. */
function colourOf(lut: Uint8ClampedArray, u: number, alpha = 1): string {
  const i = 4 * divergingIndex(u, 1);
  return `rgba(${lut[i]}, ${lut[i + 1]}, ${lut[i + 2]}, ${alpha})`;
}

function paint(canvas: HTMLCanvasElement, layout: DiagramLayout, shown: Shown & { highlighted: number | null }, nodeMode: NodeMode, edgeMode: EdgeMode, palettes: Palettes): void {
  const ratio = globalThis.devicePixelRatio || 1;
  canvas.width = Math.round(layout.width * ratio);
  canvas.height = Math.round(layout.height * ratio);
  canvas.style.height = `${layout.height}px`;
  canvas.dataset.layers = String(shown.trace.layers.length);
  const context = canvas.getContext('2d');
  if (!context) return;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  const style = getComputedStyle(document.body);
  const foreground = style.getPropertyValue('--vscode-foreground').trim() || '#888';
  const focus = style.getPropertyValue('--vscode-focusBorder').trim() || foreground;
  const column = shown.highlighted === null ? undefined : layout.nodes[shown.highlighted]?.[0];
  if (column) {
    context.fillStyle = style.getPropertyValue('--vscode-editor-selectionBackground').trim() || 'rgba(128, 128, 128, 0.25)';
    context.fillRect(column.x - layout.radius - 10, 0, 2 * layout.radius + 20, layout.height);
  }
  shown.trace.layers.forEach((layer, l) => { if (l > 0) paintEdges(context, layout, layer, l, edgeMode, palettes); });
  context.font = '11px var(--vscode-font-family, sans-serif)';
  context.textAlign = 'center';
  shown.trace.layers.forEach((layer, l) => {
    const values = nodeMode === 'delta' && l > 0 ? scaled(layer.delta) : scaled(layer.a);
    for (const node of layout.nodes[l]) {
      context.beginPath();
      context.arc(node.x, node.y, layout.radius, 0, 2 * Math.PI);
      context.fillStyle = nodeMode === 'delta' && l === 0 ? 'rgba(128,128,128,0.35)' : colourOf(palettes.diverging, values[node.index]);
      context.fill();
      context.lineWidth = 0.75;
      context.strokeStyle = foreground;
      context.stroke();
      if (l !== shown.layer || node.unit !== shown.unit) continue;
      context.beginPath();
      context.arc(node.x, node.y, layout.radius + 3.5, 0, 2 * Math.PI);
      context.lineWidth = 2.5;
      context.strokeStyle = focus;
      context.stroke();
    }
    context.fillStyle = foreground;
    const x = layout.nodes[l][0]?.x ?? 0;
    context.fillText(l === 0 ? 'input' : `layer ${l}`, x, 12);
    if (layer.shown.length < layer.units) context.fillText(`+${layer.units - layer.shown.length} more`, x, layout.height - 4);
  });
}

/** The edges into layer l: colour and width by W or ∂E/∂W scaled to the layer's largest |value|. */
function paintEdges(context: CanvasRenderingContext2D, layout: DiagramLayout, layer: TraceLayer, l: number, mode: EdgeMode, palettes: Palettes): void {
  const u = scaled(mode === 'W' ? layer.W : layer.dW);
  const from = layout.nodes[l - 1], to = layout.nodes[l];
  for (const e of drawOrder(u)) {
    const strength = Math.abs(u[e]);
    if (strength < 0.02) continue;
    const target = to[Math.floor(e / from.length)], source = from[e % from.length];
    context.beginPath();
    context.moveTo(source.x, source.y);
    context.lineTo(target.x, target.y);
    context.strokeStyle = colourOf(palettes.diverging, u[e], 0.25 + 0.75 * strength);
    context.lineWidth = 0.4 + 2.6 * strength;
    context.stroke();
  }
}
