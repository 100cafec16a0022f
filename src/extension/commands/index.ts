/** Every contributed command id, and their registration (each delegates to a session, a provider or a file). */
import * as vscode from 'vscode';
import { pytorchRunCannot, type ExplainTarget } from '../../protocol';
import type { GradCheckStore } from '../authoring/gradCheckStore';
import { EXPLAIN_LAYER_COMMAND, explainTargetForLayer, layerOfArgument } from '../authoring/layerInfo';
import type { SpecDiagnostics } from '../authoring/specDiagnostics';
import { compareRuns } from './compareRuns';
import { continueTraining } from './continueTraining';
import type { SessionManager } from '../session';
import { runGradientCheck } from './gradientCheck';
import { newSpec, type NewSpecArgs } from './newSpec';
import { openRun } from './openRun';
import { loadRunForCompare } from './runFolders';
import { exportModel, revealRunFolder, type ExportFormat } from './runFiles';
import { watchPytorchRun } from '../pytorch/watchPytorchRun';

const CommandId = {
  newSpec: 'backpropLens.newSpec',
  train: 'backpropLens.train',
  continueTraining: 'backpropLens.continueTraining',
  stop: 'backpropLens.stop',
  pauseResume: 'backpropLens.pauseResume',
  step: 'backpropLens.step',
  gradientCheck: 'backpropLens.gradientCheck',
  openMonitor: 'backpropLens.openMonitor',
  exportModel: 'backpropLens.exportModel',
  revealRunFolder: 'backpropLens.revealRunFolder',
  openRun: 'backpropLens.openRun',
  compareRuns: 'backpropLens.compareRuns',
  watchPytorchRun: 'backpropLens.watchPytorchRun',
  explainLayer: EXPLAIN_LAYER_COMMAND,
} as const;

export interface CommandDeps {
  sessions: SessionManager;
  diagnostics: SpecDiagnostics;
  checks: GradCheckStore;
  log: vscode.LogOutputChannel;
  extensionUri: vscode.Uri;
  showMonitor(): unknown;
  /** Shows the monitor with its Explain pane on a δ cell. */
  explainInMonitor(target: ExplainTarget): void;
}

/** The layer hover's link: the monitor's Explain pane on that layer's largest δ of the batch's first sample. */
function explainLayer(deps: CommandDeps, arg: unknown): void {
  const layer = layerOfArgument(Array.isArray(arg) ? arg[0] : arg);
  if (layer === undefined) return void vscode.window.showInformationMessage('Explain Layer is opened from a layer\'s hover in a spec file that has run.');
  const snapshot = deps.sessions.current?.getMonitorState().snapshot?.layers.find((l) => l.layer === layer);
  deps.explainInMonitor(explainTargetForLayer(layer, snapshot));
}

/** Pause while running, resume while paused. */
function pauseResume(sessions: SessionManager): void {
  const pytorch = sessions.followedPytorchRun;
  if (pytorch) return void pytorch.control(pytorch.state.state === 'paused' ? 'resume' : 'pause');
  const session = sessions.active;
  if (!session) return void vscode.window.showInformationMessage('No training is running.');
  if (session.state === 'paused') session.resume();
  else session.pause();
}

function step(sessions: SessionManager): void {
  const session = sessions.active;
  if (session?.state === 'paused') session.step();
  else void vscode.window.showInformationMessage('Step One Mini-batch works while a run is paused: pause it first.');
}

export function registerCommands(deps: CommandDeps): vscode.Disposable {
  const { sessions } = deps;
  const register = vscode.commands.registerCommand;
  return vscode.Disposable.from(
    register(CommandId.newSpec, (args?: NewSpecArgs) => newSpec(args)),
    register(CommandId.train, async (spec?: unknown) => (await sessions.train(spec))?.runId),
    register(CommandId.continueTraining, (spec?: unknown, model?: unknown) => continueTraining(sessions, spec, model)),
    register(CommandId.stop, () => sessions.followedPytorchRun?.control('stop') ?? sessions.active?.stop()),
    register(CommandId.pauseResume, () => pauseResume(sessions)),
    register(CommandId.step, () => step(sessions)),
    register(CommandId.gradientCheck, (spec?: unknown) => runGradientCheck(deps, spec)),
    register(CommandId.openMonitor, () => deps.showMonitor()),
    register(CommandId.exportModel, (target?: vscode.Uri, format?: ExportFormat) => (sessions.showsPytorchRun
      ? void vscode.window.showInformationMessage(pytorchRunCannot('Export'))
      : exportModel(sessions, deps.extensionUri, target, format))),
    register(CommandId.revealRunFolder, () => revealRunFolder(sessions)),
    register(CommandId.openRun, (folder?: unknown) => openRun(sessions, () => deps.showMonitor(), folder)),
    register(CommandId.explainLayer, (arg?: unknown) => explainLayer(deps, arg)),
    register(CommandId.watchPytorchRun, (folder?: unknown) => watchPytorchRun(sessions, () => deps.showMonitor(), folder)),
    register(CommandId.compareRuns, (first?: unknown, all?: unknown) => compareRuns(deps.extensionUri, loadRunForCompare, first, all)),
  );
}
