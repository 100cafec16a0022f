/**
 * Code lenses above a spec: "Train · Gradient check · Monitor", or Pause/Resume · Stop while it trains. Icons are
 * codicons ($(name)), which every VS Code font setup draws (a unicode ⏸ showed as a box in the e2e screenshots).
 */
import * as vscode from 'vscode';
import type { SessionManager } from '../session';

export class SpecCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: { dispose(): unknown }[];
  private lastKey = '';

  constructor(private readonly sessions: SessionManager) {
    const refresh = () => {
      const key = `${sessions.current?.specUri}/${sessions.current?.state}`;
      if (key !== this.lastKey) { this.lastKey = key; this.changed.fire(); }
    };
    this.subscriptions = [sessions.onDidChangeSession(refresh), sessions.onDidChangeState(refresh)];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const text = document.getText();
    const brace = Math.max(0, text.indexOf('{'));
    const position = document.positionAt(brace);
    const range = new vscode.Range(position, position);
    const lens = (title: string, command: string, args: unknown[] = []) => new vscode.CodeLens(range, { title, command, arguments: args });
    const session = this.sessions.active;
    if (session && session.specUri === document.uri.toString()) {
      return [
        lens(session.state === 'paused' ? '$(debug-continue) Resume' : '$(debug-pause) Pause', 'backpropLens.pauseResume'),
        lens('$(debug-stop) Stop', 'backpropLens.stop'),
        lens('$(check) Gradient check', 'backpropLens.gradientCheck'),
        lens('$(graph-line) Monitor', 'backpropLens.openMonitor'),
      ];
    }
    return [
      lens('$(play) Train', 'backpropLens.train', [document.uri]),
      lens('$(check) Gradient check', 'backpropLens.gradientCheck', [document.uri]),
      lens('$(graph-line) Monitor', 'backpropLens.openMonitor'),
    ];
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
