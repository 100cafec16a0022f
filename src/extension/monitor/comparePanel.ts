/** The "Backprop Lens: Compare Runs" panel: draws the runs it is given once its webview is ready (one panel at a time). */
import * as vscode from 'vscode';
import type { ComparedRun, HostToWebview } from '../../protocol';
import { parseWebviewMessage } from './webviewInput';
import { mediaRoot, webviewHtml } from './webviewHtml';
import { monitorWebviewOptions } from './monitorPanel';
import { packTypedArrays } from './packBuffers';

export class ComparePanel implements vscode.Disposable {
  static readonly viewType = 'backpropLens.compare';
  static readonly title = 'Backprop Lens: Compare Runs';
  private static current: ComparePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private runs: ComparedRun[] = [];
  private ready = false;

  /** Shows `runs` in the open panel, or in a new one beside the editor. */
  static show(extensionUri: vscode.Uri, runs: ComparedRun[]): ComparePanel {
    const panel = ComparePanel.current ?? (ComparePanel.current = new ComparePanel(vscode.window.createWebviewPanel(
      ComparePanel.viewType, ComparePanel.title, { viewColumn: vscode.ViewColumn.Active }, monitorWebviewOptions(extensionUri)), extensionUri));
    panel.panel.reveal();
    panel.setRuns(runs);
    return panel;
  }

  static get open(): ComparePanel | undefined { return ComparePanel.current; }

  private constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri) {
    const root = mediaRoot(extensionUri, vscode.Uri.joinPath);
    const webview = panel.webview;
    webview.html = webviewHtml({
      entry: 'compare', title: ComparePanel.title, cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'compare.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'compare.css')).toString(),
    });
    webview.onDidReceiveMessage((raw) => {
      if (parseWebviewMessage(raw)?.type !== 'ready') return;
      this.ready = true; // a hidden panel's webview is rebuilt and says 'ready' again: it gets the runs again
      this.post();
    }, null, this.disposables);
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
  }

  private setRuns(runs: ComparedRun[]): void {
    this.runs = runs;
    if (this.ready) this.post();
  }

  private post(): void {
    const message: HostToWebview = { type: 'compare', runs: this.runs };
    void this.panel.webview.postMessage(packTypedArrays(message)); // one ArrayBuffer: VS Code drops buffers past ~254
  }

  dispose(): void {
    if (ComparePanel.current === this) ComparePanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
