/** Hover on a layer of a spec that is training: latest ‖δ^l‖, dead and saturated shares, last gradient-check error. */
import * as vscode from 'vscode';
import { getLocation } from 'jsonc-parser';
import type { GradCheckResult, LayerSnapshotMessage } from '../../protocol';
import type { SessionManager } from '../session';
import type { GradCheckStore } from './gradCheckStore';

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
    const worst = Math.max(checked.weights.maxRelError, checked.biases.maxRelError, checked.delta.maxRelError);
    const verdicts = [checked.weights, checked.biases, checked.delta].map((t) => t.verdict);
    const verdict = verdicts.includes('fail') ? 'fail' : verdicts.includes('warn') ? 'warn' : 'pass';
    lines.push(`last gradient check (step ${check.step}): ${verdict}, max. relative error ${worst.toExponential(2)}`);
  }
  return lines.length ? lines.join('  \n') : undefined;
}

export class LayerHover implements vscode.HoverProvider {
  constructor(private readonly sessions: SessionManager, private readonly checks: GradCheckStore) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const layer = layerAtOffset(document.getText(), document.offsetAt(position));
    if (layer === undefined) return undefined;
    const session = this.sessions.current;
    const sameSpec = session?.specUri === document.uri.toString();
    const state = sameSpec ? session!.getMonitorState() : undefined;
    const snapshot = state?.snapshot?.layers.find((l) => l.layer === layer);
    const markdown = layerHoverMarkdown(layer, snapshot, state?.snapshot?.step, this.checks.get(document.uri.toString()));
    return markdown ? new vscode.Hover(new vscode.MarkdownString(markdown)) : undefined;
  }
}
