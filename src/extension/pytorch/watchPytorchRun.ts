/**
 * "Watch a PyTorch Run…" and the automatic watch: the workspace's PyTorch run folders (a lens.json in a folder under
 * runs/ or .backprop-lens/runs/) in a quick pick, or one appearing; the monitor follows it live (PytorchRunFollower), or shows
 * it as a saved run once its script has closed the lens.
 */
import * as vscode from 'vscode';
import type { SessionManager } from '../session';
import { utf8Text } from '../../engine/text/utf8';
import { isPytorchRunFolder, LENS_FILE, readPytorchRun } from './pytorchRunFolder';
import { PytorchRunFollower } from './pytorchRunFollower';

/** Where PyTorch run folders are looked for, relative to each workspace folder. */
const RUN_PARENTS = ['runs', '.backprop-lens/runs'];
/** A record.jsonl without an end line, unchanged for longer than this, is called "no end line" rather than live. */
const LIVE_WITHIN_MS = 60_000;

/** Every PyTorch run folder of the workspace with when its record last changed, newest first. */
export async function pytorchRunFolders(): Promise<{ uri: vscode.Uri; modified: number }[]> {
  const found: { uri: vscode.Uri; modified: number }[] = [];
  for (const ws of vscode.workspace.workspaceFolders ?? []) {
    for (const parent of RUN_PARENTS) {
      const dir = vscode.Uri.joinPath(ws.uri, ...parent.split('/'));
      const entries = await Promise.resolve(vscode.workspace.fs.readDirectory(dir)).catch(() => [] as [string, vscode.FileType][]);
      for (const [name, type] of entries) {
        const uri = vscode.Uri.joinPath(dir, name);
        if (type !== vscode.FileType.Directory || !(await isPytorchRunFolder(uri))) continue;
        found.push({ uri, modified: await modifiedTime(uri) });
      }
    }
  }
  return found.sort((a, b) => b.modified - a.modified);
}

async function modifiedTime(folder: vscode.Uri): Promise<number> {
  for (const name of ['record.jsonl', LENS_FILE]) {
    try {
      return (await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, name))).mtime;
    } catch { /* the next file */ }
  }
  return 0;
}

/** "ended · 120 steps", "live · step 40" or "no end line · step 40 (killed?)", from record.jsonl's last complete line. */
async function runDescription(folder: vscode.Uri, modified: number): Promise<string> {
  const text = await Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'record.jsonl'))).then(utf8Text, () => '');
  const lines = text.split('\n');
  lines.pop();
  let last: { type?: unknown; step?: unknown; steps?: unknown } = {};
  try { last = JSON.parse(lines.at(-1) ?? '{}') as typeof last; } catch { /* an unreadable line: no step shown */ }
  if (last.type === 'end') return `ended · ${String(last.steps)} steps`;
  const step = typeof last.step === 'number' ? `step ${last.step}` : 'no step yet';
  return Date.now() - modified < LIVE_WITHIN_MS ? `live · ${step}` : `no end line · ${step} (killed?)`;
}

const BROWSE = 'Browse…';

/** The quick pick: the workspace's PyTorch run folders (newest first), then Browse… (a folder picker). */
async function pickPytorchRun(): Promise<vscode.Uri | undefined> {
  const folders = await pytorchRunFolders();
  const items = await Promise.all(folders.map(async ({ uri, modified }) => ({
    label: uri.path.split('/').pop()!, description: await runDescription(uri, modified), detail: vscode.workspace.asRelativePath(uri, false), uri,
  })));
  const picked = await vscode.window.showQuickPick([...items, { label: BROWSE, description: 'a run folder elsewhere (it holds lens.json)', detail: undefined, uri: undefined }],
    { placeHolder: folders.length ? 'Watch which PyTorch run? (newest first)' : 'No PyTorch run folders under runs/ or .backprop-lens/runs/ yet: browse for one' });
  if (!picked || picked.uri) return picked?.uri;
  return (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Watch this run', title: 'A PyTorch run folder (it holds lens.json)' }))?.[0];
}

/** Shows `folder` in the monitor: followed while its script runs, as a saved run once it has ended; resolves its URI string. */
async function showPytorchRun(sessions: SessionManager, showMonitor: () => unknown, folder: vscode.Uri): Promise<string | undefined> {
  if (!(await isPytorchRunFolder(folder))) {
    void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(folder)} holds no lens.json: it is not a PyTorch run folder (python/backprop_lens writes one).`);
    return undefined;
  }
  try {
    const follower = await PytorchRunFollower.follow(folder);
    if (follower.isLive) sessions.followPytorchRun(follower);
    else {
      follower.dispose();
      const run = await readPytorchRun(folder);
      sessions.showSavedRun(run.state, run.frames);
    }
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot watch ${vscode.workspace.asRelativePath(folder)}: ${(error as Error).message}`);
    return undefined;
  }
  showMonitor();
  return folder.toString();
}

/** The command: the folder given (a URI or path), else picked. */
export async function watchPytorchRun(sessions: SessionManager, showMonitor: () => unknown, folderArg?: unknown): Promise<string | undefined> {
  const folder = folderArg instanceof vscode.Uri ? folderArg : typeof folderArg === 'string' ? (folderArg.includes('://') ? vscode.Uri.parse(folderArg) : vscode.Uri.file(folderArg)) : await pickPytorchRun();
  return folder ? showPytorchRun(sessions, showMonitor, folder) : undefined;
}

type WatchSetting = 'open' | 'notify' | 'off';

/**
 * The automatic watch: a lens.json appearing under runs/*\/ or .backprop-lens/runs/*\/ opens the monitor following it
 * (setting backpropLens.watchPyTorchRuns "open"), or offers to ("notify", and always while a native run trains: it is
 * not displaced), or nothing ("off").
 */
export function watchNewPytorchRuns(sessions: SessionManager, showMonitor: () => unknown): vscode.Disposable {
  const watchers = (vscode.workspace.workspaceFolders ?? []).map((ws) => vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(ws, `{${RUN_PARENTS.join(',')}}/*/${LENS_FILE}`), false, true, true));
  const onCreate = async (lens: vscode.Uri): Promise<void> => {
    const folder = vscode.Uri.joinPath(lens, '..');
    const setting = vscode.workspace.getConfiguration('backpropLens', folder).get<WatchSetting>('watchPyTorchRuns', 'open');
    if (setting === 'off') return;
    const name = folder.path.split('/').pop();
    if (setting === 'open' && !sessions.active) return void (await showPytorchRun(sessions, showMonitor, folder));
    const choice = await vscode.window.showInformationMessage(`A PyTorch run started: ${name}.`, 'Watch in the Monitor');
    if (choice) await showPytorchRun(sessions, showMonitor, folder);
  };
  const subscriptions = watchers.map((w) => w.onDidCreate((uri) => void onCreate(uri)));
  return vscode.Disposable.from(...watchers, ...subscriptions);
}
