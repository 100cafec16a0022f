/** Code lenses above a spec: "▶ Train · ✓ Gradient check · Monitor", or Pause/Resume · Stop while it trains. */
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
        lens(session.state === 'paused' ? '▶ Resume' : '⏸ Pause', 'backpropLens.pauseResume'),
        lens('■ Stop', 'backpropLens.stop'),
        lens('✓ Gradient check', 'backpropLens.gradientCheck'),
        lens('Monitor', 'backpropLens.openMonitor'),
      ];
    }
    return [
      lens('▶ Train', 'backpropLens.train', [document.uri]),
      lens('✓ Gradient check', 'backpropLens.gradientCheck', [document.uri]),
      lens('Monitor', 'backpropLens.openMonitor'),
    ];
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
