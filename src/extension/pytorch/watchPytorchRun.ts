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
  if (sessions.followedPytorchRun?.folder.toString() === folder.toString()) { // already followed (the command and the automatic watch both saw it)
    showMonitor();
    return folder.toString();
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

/** How often the runs folders are listed (the file watcher alone misses folders a process creates, in code-server). */
const SCAN_MS = 2000;
/** Scans a new folder is looked at for its lens.json before it is taken for a folder of another kind. */
const SCANS_PER_FOLDER = 3;

/** The run folders under runs/ and .backprop-lens/runs/ of every workspace folder. */
async function runParentEntries(): Promise<vscode.Uri[]> {
  const folders: vscode.Uri[] = [];
  for (const ws of vscode.workspace.workspaceFolders ?? []) {
    for (const parent of RUN_PARENTS) {
      const dir = vscode.Uri.joinPath(ws.uri, ...parent.split('/'));
      const entries = await Promise.resolve(vscode.workspace.fs.readDirectory(dir)).catch(() => [] as [string, vscode.FileType][]);
      for (const [name, type] of entries) if (type === vscode.FileType.Directory) folders.push(vscode.Uri.joinPath(dir, name));
    }
  }
  return folders;
}

/**
 * The automatic watch: a lens.json appearing in a new folder under runs/ or .backprop-lens/runs/ opens the monitor
 * following it (setting backpropLens.watchPyTorchRuns "open"), or offers to ("notify", and always while a native run
 * trains: it is not displaced), or nothing ("off"). Seen by a file watcher and by listing those folders every SCAN_MS.
 */
export function watchNewPytorchRuns(sessions: SessionManager, showMonitor: () => unknown): vscode.Disposable {
  const handled = new Set<string>();
  const checks = new Map<string, number>();
  const onNewRun = async (folder: vscode.Uri): Promise<void> => {
    if (handled.has(folder.toString())) return;
    handled.add(folder.toString());
    const setting = vscode.workspace.getConfiguration('backpropLens', folder).get<WatchSetting>('watchPyTorchRuns', 'open');
    if (setting === 'off') return;
    if (setting === 'open' && !sessions.active) return void (await showPytorchRun(sessions, showMonitor, folder));
    const choice = await vscode.window.showInformationMessage(`A PyTorch run started: ${folder.path.split('/').pop()}.`, 'Watch in the Monitor');
    if (choice) await showPytorchRun(sessions, showMonitor, folder);
  };
  let scanning = false;
  /** Folders already there at the first scan are old runs; a later one is a new run once its lens.json is there. */
  const scan = async (first: boolean): Promise<void> => {
    if (scanning) return;
    scanning = true;
    try {
      for (const folder of await runParentEntries()) {
        const key = folder.toString(), count = checks.get(key) ?? 0;
        if (handled.has(key) || count >= SCANS_PER_FOLDER) continue;
        if (first) { handled.add(key); continue; }
        checks.set(key, count + 1);
        if (await isPytorchRunFolder(folder)) await onNewRun(folder);
      }
    } finally {
      scanning = false;
    }
  };
  void scan(true);
  const timer = setInterval(() => void scan(false), SCAN_MS);
  const watchers = (vscode.workspace.workspaceFolders ?? []).flatMap((ws) => RUN_PARENTS.map((parent) => vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(ws, `${parent}/*/${LENS_FILE}`), false, true, true)));
  const subscriptions = watchers.map((w) => w.onDidCreate((lens) => void onNewRun(vscode.Uri.joinPath(lens, '..'))));
  return vscode.Disposable.from(...watchers, ...subscriptions, { dispose: () => clearInterval(timer) });
}
