/** Hover on a layer of a spec that is training: latest ‖δ^l‖, dead and saturated shares, last gradient-check error. */
import * as vscode from 'vscode';
import type { SessionManager } from '../session';
import type { GradCheckStore } from './gradCheckStore';
import { EXPLAIN_LAYER_COMMAND, layerAtOffset, layerHoverMarkdown } from './layerInfo';

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
    if (!markdown) return undefined;
    const text = new vscode.MarkdownString(markdown, true);
    text.isTrusted = { enabledCommands: [EXPLAIN_LAYER_COMMAND] };
    return new vscode.Hover(text);
  }
}
