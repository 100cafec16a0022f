/**
 * The training monitor in the extension host. extension.ts calls registerMonitor(context, sessions) once; the
 * command backpropLens.openMonitor (registered by the extension) calls show().
 * Registers: the panel serializer (restores the panel after a restart), the sidebar view provider, and the hidden
 * command backpropLens.monitorStats that returns benchmark counters (integration tests and bench scripts).
 */
import * as vscode from 'vscode';
import type { ExplainTarget } from '../../protocol';
import { MonitorPanel, type MonitorDeps } from './monitorPanel';
import { SidebarViewProvider } from './sidebarView';
import { MonitorStats, type MonitorStatsSample } from './monitorStats';
import { persistedRun } from './persistedRun';
import { hostPlatform } from '../platform';
import type { MonitorSessions } from './webviewConnection';

const MONITOR_STATS_COMMAND = 'backpropLens.monitorStats';

interface MonitorHandle {
  show(): MonitorPanel;
  /** Shows the monitor with its Explain pane on `target`. */
  explain(target: ExplainTarget): void;
  /** Counters since the previous call, plus totals (see MonitorStatsReport). */
  stats(options?: { resetEventLoop?: boolean }): MonitorStatsReport;
}

export interface MonitorStatsReport extends MonitorStatsSample {
  panelOpen: boolean;
  panelLive: boolean;
  sidebarLive: boolean;
  totals: MonitorStats['totals'];
}

/** @public loaded by monitorBridge.ts through require('./monitor'), which knip does not follow. */
export function registerMonitor(context: vscode.ExtensionContext, sessions: MonitorSessions, log: (message: string) => void = console.warn): MonitorHandle {
  const platform = hostPlatform();
  const stats = new MonitorStats((message) => log(`[monitor] ${message}`), platform.eventLoopDelay?.(), platform.benchLog);
  const deps: MonitorDeps = { extensionUri: context.extensionUri, sessions, stats };
  const sidebar = new SidebarViewProvider(deps);
  const report = (options?: { resetEventLoop?: boolean }): MonitorStatsReport => ({
    ...stats.sample({ resetEventLoop: options?.resetEventLoop === true }), panelOpen: MonitorPanel.open !== undefined, panelLive: MonitorPanel.open?.isLive ?? false,
    sidebarLive: sidebar.isLive, totals: { ...stats.totals },
  });
  context.subscriptions.push(
    stats,
    sidebar,
    vscode.window.registerWebviewPanelSerializer(MonitorPanel.viewType, {
      deserializeWebviewPanel: async (panel, persisted: unknown) => {
        MonitorPanel.revive(panel, deps);
        const shown = persistedRun(persisted);
        if (shown) void sessions.restoreRun?.(shown.runId, shown.wasLive).catch((e: unknown) => log(`[monitor] restoring run ${shown.runId}: ${String(e)}`));
      },
    }),
    vscode.window.registerWebviewViewProvider(SidebarViewProvider.viewType, sidebar),
    vscode.commands.registerCommand(MONITOR_STATS_COMMAND, report),
    { dispose: () => MonitorPanel.open?.dispose() },
  );
  return { show: () => MonitorPanel.createOrShow(deps), explain: (target) => MonitorPanel.createOrShow(deps).explain(target), stats: report };
}
