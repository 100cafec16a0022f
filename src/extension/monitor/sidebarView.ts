/** The compact monitor in the activity-bar container of its own: a WebviewView fed like the panel. */
import * as vscode from 'vscode';
import { SIDE_VIEW_CONNECTION, WebviewConnection } from './webviewConnection';
import { htmlFor, monitorWebviewOptions, type MonitorDeps } from './monitorPanel';

export class SidebarViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewType = 'backpropLens.monitorView';
  private connection: WebviewConnection | undefined;

  constructor(private readonly deps: MonitorDeps) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.connection?.dispose();
    // Command links: only the one that opens the full monitor.
    view.webview.options = { ...monitorWebviewOptions(this.deps.extensionUri), enableCommandUris: ['backpropLens.openMonitor'] };
    const connection = (this.connection = new WebviewConnection(view.webview, this.deps.sessions, this.deps.stats, undefined, SIDE_VIEW_CONNECTION));
    view.webview.html = htmlFor(view.webview, this.deps, 'sidebar', 'Backprop Lens');
    view.onDidChangeVisibility(() => { if (!view.visible) connection.pause(); });
    view.onDidDispose(() => {
      connection.dispose();
      if (this.connection === connection) this.connection = undefined;
    });
  }

  get isLive(): boolean { return this.connection?.isLive ?? false; }

  dispose(): void {
    this.connection?.dispose();
    this.connection = undefined;
  }
}
