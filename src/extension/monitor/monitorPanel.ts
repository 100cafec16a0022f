/** The "Backprop Lens: Training Monitor" panel: one at a time, revived after a restart by a WebviewPanelSerializer. */
import * as vscode from 'vscode';
import type { ExplainTarget } from '../../protocol';
import { WebviewConnection, type MonitorSessions } from './webviewConnection';
import type { MonitorStats } from './monitorStats';
import { mediaRoot, webviewHtml } from './webviewHtml';

export interface MonitorDeps { extensionUri: vscode.Uri; sessions: MonitorSessions; stats: MonitorStats }

/** Scripts on, resources only from dist/media; no retainContextWhenHidden (the view re-renders from state). */
export function monitorWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [mediaRoot(extensionUri, vscode.Uri.joinPath)], enableCommandUris: false };
}

/** The shell HTML for an entry ('monitor' or 'sidebar') of a webview. */
export function htmlFor(webview: vscode.Webview, deps: MonitorDeps, entry: 'monitor' | 'sidebar', title: string): string {
  const root = mediaRoot(deps.extensionUri, vscode.Uri.joinPath);
  return webviewHtml({
    entry, title, cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, `${entry}.js`)).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, `${entry}.css`)).toString(),
    frameStatsMs: deps.stats.frameStatsIntervalMs,
  });
}

export class MonitorPanel implements vscode.Disposable {
  static readonly viewType = 'backpropLens.monitor';
  static readonly title = 'Backprop Lens: Training Monitor';
  private static current: MonitorPanel | undefined;
  private readonly connection: WebviewConnection;
  private readonly disposables: vscode.Disposable[] = [];

  /** Reveals the open panel, or opens one beside the editor. */
  static createOrShow(deps: MonitorDeps): MonitorPanel {
    if (MonitorPanel.current) {
      MonitorPanel.current.panel.reveal(undefined, true);
      return MonitorPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(MonitorPanel.viewType, MonitorPanel.title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, monitorWebviewOptions(deps.extensionUri));
    return (MonitorPanel.current = new MonitorPanel(panel, deps));
  }

  /** A panel VS Code restored after a restart (its persisted state is painted by the webview itself). */
  static revive(panel: vscode.WebviewPanel, deps: MonitorDeps): MonitorPanel {
    MonitorPanel.current?.dispose();
    return (MonitorPanel.current = new MonitorPanel(panel, deps));
  }

  static get open(): MonitorPanel | undefined { return MonitorPanel.current; }

  private constructor(readonly panel: vscode.WebviewPanel, deps: MonitorDeps) {
    panel.webview.options = monitorWebviewOptions(deps.extensionUri);
    this.connection = new WebviewConnection(panel.webview, deps.sessions, deps.stats);
    panel.webview.html = htmlFor(panel.webview, deps, 'monitor', MonitorPanel.title);
    panel.onDidChangeViewState(() => { if (!panel.visible) this.connection.pause(); }, null, this.disposables);
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
  }

  get isLive(): boolean { return this.connection.isLive; }

  /** Opens the Explain pane on `target` (once the webview is ready, if it is still loading). */
  explain(target: ExplainTarget): void { this.connection.requestExplain(target); }

  dispose(): void {
    if (MonitorPanel.current === this) MonitorPanel.current = undefined;
    this.connection.dispose();
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
