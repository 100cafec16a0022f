/** "Export Trained Model…" (Backprop Lens JSON, ONNX, PyTorch project) and "Reveal Run Folder". */
import * as vscode from 'vscode';
import { writeAtomic, writeOnnx, writePytorchProject } from './exportFormats';
import { hostPlatform } from '../platform';
import type { SessionManager } from '../session';
import { workspaceRunFs } from '../session/vscodeHost';
import { jsonBytes, SPEC_FILE } from '../session/runFolder';
import { runToExport, type RunToExport } from '../session/runExport';
import { SpecError, validSpec } from '../../engine/train/run';
import type { NetworkSpec } from '../../engine/spec/types';

/** The current run's model and the spec it trained (src/extension/session/runExport.ts). */
async function currentRun(sessions: SessionManager): Promise<RunToExport> {
  const session = sessions.current;
  if (!session) throw new Error('no run yet: train a spec first');
  return runToExport(session, workspaceRunFs, (folder) => vscode.Uri.parse(folder));
}

/** The run's spec, parsed and valid, or an Error saying where in the run's spec.json it is not. */
function specOfRun(run: RunToExport): NetworkSpec {
  try {
    return validSpec(run.specText);
  } catch (error) {
    if (error instanceof SpecError) throw new Error(`the spec this run trained (${SPEC_FILE} in its run folder) is not valid: ${error.message}`, { cause: error });
    throw error;
  }
}

export type ExportFormat = 'json' | 'onnx' | 'pytorch';

const FORMATS: (vscode.QuickPickItem & { format: ExportFormat })[] = [
  { label: 'Backprop Lens JSON', description: 'model.json', detail: 'Continue Training, the monitor and backprop-lens predict take it back', format: 'json' },
  { label: 'ONNX', description: 'model.onnx', detail: 'opset 13, raw features in (normalisation inside), for ONNX Runtime and other frameworks', format: 'onnx' },
  { label: 'PyTorch project', description: 'folder', detail: 'model.py, data.py, train.py: the same training in PyTorch, DistributedDataParallel under torchrun', format: 'pytorch' },
];

/** Where to write: the given target, else a save dialog beside the spec. */
async function targetFor(format: ExportFormat, name: string, specUri: vscode.Uri, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (target) return target;
  const [suffix, filters, saveLabel] = format === 'json' ? ['.model.json', { 'Model JSON': ['json'] }, 'Export Model']
    : format === 'onnx' ? ['.onnx', { ONNX: ['onnx'] }, 'Export ONNX'] : ['-pytorch', undefined, 'Export PyTorch Project Here'];
  return vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(specUri, '..', `${name}${suffix}`), filters, saveLabel, title: format === 'pytorch' ? 'Folder for the PyTorch project' : undefined });
}

/**
 * Writes the current run's model as Backprop Lens JSON (the CLI's --save format), ONNX, or a PyTorch project folder
 * (then offers to open train.py); asks for the format unless given. Resolves the file or folder written.
 */
export async function exportModel(sessions: SessionManager, extensionUri: vscode.Uri, target?: vscode.Uri, formatArg?: ExportFormat): Promise<vscode.Uri | undefined> {
  let run: RunToExport;
  try {
    run = await currentRun(sessions);
  } catch (error) {
    void vscode.window.showWarningMessage(`Nothing to export: ${(error as Error).message}.`);
    return undefined;
  }
  const session = sessions.current!;
  const specUri = vscode.Uri.parse(session.specUri);
  const format = formatArg ?? (target ? 'json' : (await vscode.window.showQuickPick(FORMATS, { placeHolder: `Export the trained ${session.name} as…` }))?.format);
  if (!format) return undefined;
  const uri = await targetFor(format, session.name, specUri, target);
  if (!uri) return undefined;
  try {
    if (format === 'json') await writeAtomic(uri, jsonBytes(run.model));
    else if (format === 'onnx') await writeOnnx(run.model, specOfRun(run), uri);
    else {
      const trainPy = await writePytorchProject(specOfRun(run), specUri, run.model, uri, extensionUri);
      void vscode.window.showInformationMessage(`PyTorch project written to ${vscode.workspace.asRelativePath(uri)}.`, 'Open train.py').then(async (choice) => {
        if (choice) await vscode.window.showTextDocument(trainPy);
      });
      return uri;
    }
  } catch (error) {
    void vscode.window.showErrorMessage(`Export failed: ${(error as Error).message}`);
    return undefined;
  }
  void vscode.window.showInformationMessage(`Model exported to ${vscode.workspace.asRelativePath(uri)}.`);
  return uri;
}

/** Shows the current run's folder in the Explorer (or the OS file manager when outside the workspace). */
export async function revealRunFolder(sessions: SessionManager): Promise<vscode.Uri | undefined> {
  const folder = sessions.current?.runFolder;
  if (!folder) {
    void vscode.window.showInformationMessage('No run folder yet: a run writes its folder when it ends.');
    return undefined;
  }
  const uri = vscode.Uri.parse(folder);
  if (vscode.workspace.getWorkspaceFolder(uri)) await vscode.commands.executeCommand('revealInExplorer', uri);
  else if (hostPlatform().kind === 'web') void vscode.window.showInformationMessage(`The run folder is outside the workspace: ${uri.path} (a browser has no file manager to show it in).`);
  else await vscode.commands.executeCommand('revealFileInOS', uri);
  return uri;
}
