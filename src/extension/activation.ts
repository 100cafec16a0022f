/**
 * Activation, the same in both builds: wires sessions, spec authoring, commands, status bar, notifications and the
 * monitor together over the host platform the entry chose (extension.ts: Node; extension.web.ts: the browser).
 */
import * as vscode from 'vscode';
import { SpecCodeActions } from './authoring/codeActions';
import { registerDataFileCommands } from './authoring/dataFileCommands';
import { DataProbe } from './authoring/dataProbe';
import { trackGradientChecks } from './authoring/gradCheckProblems';
import { trackTrainingHealth } from './authoring/healthProblems';
import { GradCheckStore } from './authoring/gradCheckStore';
import { LayerHover } from './authoring/layerHover';
import { SpecCodeLens } from './authoring/specCodeLens';
import { SpecDiagnostics } from './authoring/specDiagnostics';
import { registerCommands } from './commands';
import { connectMonitor } from './monitorBridge';
import { restoreRunById } from './commands/openRun';
import { SessionManager } from './session';
import { createSessionHost } from './session/vscodeHost';
import { registerContextKeys } from './ui/contextKeys';
import { logSession } from './ui/runLog';
import { registerRunNotifications } from './ui/runNotifications';
import { registerStatusBar } from './ui/statusBar';
import { watchNewPytorchRuns } from './pytorch/watchPytorchRun';
import { chooseHostPlatform, type HostPlatform } from './platform';

let shutdown: (() => Promise<void>) | undefined;

const SPEC_SELECTOR: vscode.DocumentSelector = [{ pattern: '**/*.nn.json' }];

/** Activates on `platform`; resolves the extension's API (what integration tests read). */
export function activateOn(platform: HostPlatform, context: vscode.ExtensionContext): { sessions: SessionManager } {
  chooseHostPlatform(platform);
  const log = vscode.window.createOutputChannel('Backprop Lens', { log: true });
  const host = createSessionHost(log);
  const probe = new DataProbe(host.createWorker);
  const diagnostics = new SpecDiagnostics(probe);
  const checks = new GradCheckStore();
  const sessions = new SessionManager(host, (uri, problems) => {
    void vscode.workspace.openTextDocument(uri).then((d) => diagnostics.refresh(d));
    void vscode.window.showErrorMessage(`Cannot train ${uri.path.split('/').pop()}: ${problems.length} problem(s) in the spec. ${problems[0]}`);
    log.error(`${uri.fsPath}: not started, the spec has errors:\n  ${problems.join('\n  ')}`);
  });
  const codeLens = new SpecCodeLens(sessions);
  sessions.runRestorer = (runId, wasLive) => restoreRunById(sessions, runId, wasLive); // before the monitor's serializer revives a panel
  const monitor = connectMonitor(context, sessions, log);
  const showMonitor = (): unknown => monitor.show();
  context.subscriptions.push(
    log, probe, diagnostics, sessions, codeLens,
    logCurrentSession(sessions, log),
    vscode.languages.registerCodeActionsProvider(SPEC_SELECTOR, new SpecCodeActions(diagnostics), SpecCodeActions.metadata),
    vscode.languages.registerHoverProvider(SPEC_SELECTOR, new LayerHover(sessions, checks)),
    vscode.languages.registerCodeLensProvider(SPEC_SELECTOR, codeLens),
    registerCommands({ sessions, diagnostics, checks, log, showMonitor, explainInMonitor: (target) => monitor.explain(target), extensionUri: context.extensionUri }),
    trackGradientChecks(sessions, checks, diagnostics, log), trackTrainingHealth(sessions, diagnostics, log), registerDataFileCommands(), registerStatusBar(sessions), registerContextKeys(sessions), registerRunNotifications(sessions, log, showMonitor),
    watchNewPytorchRuns(sessions, showMonitor),
  );
  shutdown = () => sessions.shutdown();
  return { sessions };
}

/** Logs the current session's messages (one subscription at a time). */
function logCurrentSession(sessions: SessionManager, log: vscode.LogOutputChannel): vscode.Disposable {
  let logging: { dispose(): unknown } | undefined;
  const subscription = sessions.onDidChangeSession((session) => { logging?.dispose(); logging = session && logSession(session, log); });
  return { dispose: () => { logging?.dispose(); subscription.dispose(); } };
}

/** A run in progress is stopped and saved (VS Code waits for this promise, briefly) before the window goes. */
export function deactivateAll(): Promise<void> | undefined {
  return shutdown?.();
}
