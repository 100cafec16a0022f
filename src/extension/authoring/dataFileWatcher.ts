/**
 * Watches the data files the open specs name: a change on disk (written, replaced, deleted) re-validates those specs.
 * File watchers can miss changes (code-server restarts its watcher after an error), so the files' modification time
 * and size are also compared every POLL_MS.
 */
import * as vscode from 'vscode';
import { dataFilesNamed } from '../../engine/spec/data-diagnostics';
import { FileStamps } from './fileStamps';

const POLL_MS = 2000;

/** A file's modification time and size, or "missing". */
async function stampOf(key: string): Promise<string> {
  try {
    const stat = await vscode.workspace.fs.stat(vscode.Uri.parse(key));
    return `${stat.mtime}:${stat.size}`;
  } catch {
    return 'missing';
  }
}

interface Watch { watcher: vscode.FileSystemWatcher; specs: Set<string> }

/** The data file a spec names: absolute as written (on the spec's file system), else relative to the spec's folder. */
function dataFileUri(specUri: vscode.Uri, written: string): vscode.Uri {
  if (!/^([a-zA-Z]:[\\/]|\/)/.test(written)) return vscode.Uri.joinPath(specUri, '..', written);
  return specUri.scheme === 'file' ? vscode.Uri.file(written) : specUri.with({ path: written }); // the browser: the spec's file system
}

export class DataFileWatcher implements vscode.Disposable {
  /** One watcher per data file (by URI), with the specs (by URI) that name it. */
  private readonly watches = new Map<string, Watch>();
  /** The data files (by URI) each spec names now. */
  private readonly named = new Map<string, string[]>();

  private readonly stamps = new FileStamps(stampOf);
  private readonly poll: ReturnType<typeof setInterval>;

  constructor(private readonly onDataChanged: (specUri: string) => void) {
    this.poll = setInterval(() => void this.stamps.changed().then((keys) => keys.forEach((key) => this.notify(key)), () => undefined), POLL_MS);
  }

  /** Re-validates the specs that name data file `key`. */
  private notify(key: string): void {
    this.watches.get(key)?.specs.forEach((s) => this.onDataChanged(s));
  }

  /** Watches the files `text` names; files the spec no longer names are released. */
  update(specUri: vscode.Uri, text: string): void {
    const spec = specUri.toString();
    const files = dataFilesNamed(text).map((written) => dataFileUri(specUri, written));
    const keys = files.map((f) => f.toString());
    for (const old of this.named.get(spec) ?? []) if (!keys.includes(old)) this.release(spec, old);
    files.forEach((file) => this.acquire(spec, file));
    this.named.set(spec, keys);
  }

  /** Stops watching for a closed spec. */
  forget(specUri: vscode.Uri): void {
    const spec = specUri.toString();
    for (const key of this.named.get(spec) ?? []) this.release(spec, key);
    this.named.delete(spec);
  }

  dispose(): void {
    clearInterval(this.poll);
    this.watches.forEach((w) => w.watcher.dispose());
    this.watches.clear();
    this.named.clear();
  }

  private acquire(spec: string, file: vscode.Uri): void {
    const key = file.toString();
    let watch = this.watches.get(key);
    if (!watch) {
      const name = file.path.split('/').pop() ?? '';
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(file, '..'), name));
      const notify = () => this.notify(key);
      watcher.onDidChange(notify);
      watcher.onDidCreate(notify);
      watcher.onDidDelete(notify);
      watch = { watcher, specs: new Set() };
      this.watches.set(key, watch);
      this.stamps.track(key);
    }
    watch.specs.add(spec);
  }

  private release(spec: string, key: string): void {
    const watch = this.watches.get(key);
    if (!watch) return;
    watch.specs.delete(spec);
    if (watch.specs.size > 0) return;
    watch.watcher.dispose();
    this.watches.delete(key);
    this.stamps.untrack(key);
  }
}
