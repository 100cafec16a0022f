/** The extension's settings (contributes.configuration), read in one place. */
import * as vscode from 'vscode';
import type { RunOptions } from '../protocol';

const SECTION = 'backpropLens';

export interface Settings {
  runFolder: string;
  allowDataOutsideWorkspace: boolean;
  updatesPerSecond: number;
  snapshotEvery: number;
  gradientCheckEachEpoch: boolean;
  memoryBudgetMB: number;
  openMonitorOnTrain: boolean;
}

export function readSettings(scope?: vscode.Uri): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    runFolder: c.get<string>('runFolder', '.backprop-lens/runs') || '.backprop-lens/runs',
    allowDataOutsideWorkspace: c.get<boolean>('allowDataOutsideWorkspace', false),
    updatesPerSecond: clamp(c.get<number>('monitor.updatesPerSecond', 10), 1, 30),
    snapshotEvery: Math.round(clamp(c.get<number>('snapshotEvery', 10), 1, 100_000)),
    gradientCheckEachEpoch: c.get<boolean>('gradientCheckEachEpoch', false),
    memoryBudgetMB: clamp(c.get<number>('memoryBudgetMB', 1024), 16, 65_536),
    openMonitorOnTrain: c.get<boolean>('monitor.openOnTrain', true),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}

/** The workspace folder holding `uri` (file system path), if any. */
function workspaceRootOf(uri: vscode.Uri): string | undefined {
  return vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
}

/** Options for a run or a probe of the spec at `specUri`. */
export function runOptionsFor(specUri: vscode.Uri, extra: Partial<RunOptions> = {}): RunOptions {
  const s = readSettings(specUri);
  return {
    snapshotEvery: s.snapshotEvery, gradCheckEachEpoch: s.gradientCheckEachEpoch, includeWeightGradients: false,
    memoryBudgetBytes: s.memoryBudgetMB * 2 ** 20, allowDataOutsideWorkspace: s.allowDataOutsideWorkspace,
    workspaceRoot: workspaceRootOf(specUri), ...extra,
  };
}
