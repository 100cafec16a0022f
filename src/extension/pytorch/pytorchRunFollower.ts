/**
 * Follows a PyTorch run folder while its script writes it: polls what was appended, tells the monitor in its usual
 * messages (progress, snapshot, record, runState) and writes Pause, Resume and Stop to control.json, reading the
 * script's control-ack.json (python/backprop_lens/control.py): "pause requested…" until it acknowledges.
 */
import * as vscode from 'vscode';
import type { ControlAction, Frame, HostToWebview, MonitorState } from '../../protocol';
import { utf8Bytes, utf8Text } from '../../engine/text/utf8';
import { Emitter } from '../session/emitter';
import { frameAtOrBefore } from '../session/runSession';
import { PytorchRunReader } from './pytorchRunFolder';

/** How often the folder is looked at. */
const POLL_MS = 400;

type Command = 'pause' | 'resume' | 'stop';
interface Ack { seq: number; state: 'running' | 'paused' | 'stopped'; step: number }

export class PytorchRunFollower implements vscode.Disposable {
  private readonly _onWebviewMessage = new Emitter<HostToWebview>();
  readonly onWebviewMessage = this._onWebviewMessage.event;
  private readonly _onDidEnd = new Emitter<void>();
  /** The script closed the lens (its end line was read): the run is a saved run now. */
  readonly onDidEnd = this._onDidEnd.event;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private seq = 0;
  private requested: { seq: number; command: Command } | undefined;
  private lastAck = -1;
  /** After this long without a new step while running, the status says the script has gone quiet. */
  quietAfterMs = 30_000;
  private lastGrowthAt = Date.now();
  private quiet = false;

  private constructor(private readonly reader: PytorchRunReader) {}

  /** Starts following `folder` (its lens.json must be there); reads what is there now before resolving. */
  static async follow(folder: vscode.Uri): Promise<PytorchRunFollower> {
    const follower = new PytorchRunFollower(await PytorchRunReader.open(folder));
    follower.seq = (await follower.readJson<{ seq?: unknown }>('control.json').then((c) => (Number.isInteger(c?.seq) ? c!.seq as number : 0)));
    await follower.poll();
    return follower;
  }

  get folder(): vscode.Uri { return this.reader.folder; }
  get state(): MonitorState { return this.reader.model.state; }
  get isLive(): boolean { return !this.reader.ended && !this.disposed; }

  get frames(): readonly Frame[] { return this.reader.model.frames; }

  requestFrame(step: number): Frame | null { return frameAtOrBefore(this.reader.model.frames, step); }

  /** Pause, Resume, Stop: a control.json for the script; other controls do nothing for a PyTorch run. */
  async control(action: ControlAction): Promise<void> {
    if (!this.isLive || (action !== 'pause' && action !== 'resume' && action !== 'stop')) return;
    const request = { seq: ++this.seq, command: action };
    this.requested = request;
    this.state.message = `${action} requested…`; // before the file: the script's acknowledgement may be read before the rename resolves
    this.post({ type: 'runState', state: this.state.state as 'running' | 'paused', message: this.state.message });
    const tmp = vscode.Uri.joinPath(this.folder, 'control.json.tmp');
    await vscode.workspace.fs.writeFile(tmp, utf8Bytes(JSON.stringify(request)));
    await vscode.workspace.fs.rename(tmp, vscode.Uri.joinPath(this.folder, 'control.json'), { overwrite: true });
  }

  /** Reads what was appended and the script's acknowledgement, tells the monitor, and polls again. */
  private async poll(): Promise<void> {
    this.timer = undefined;
    if (this.disposed) return;
    const before = this.state.state;
    const { points, grew } = await this.reader.readAppended().catch((error: unknown) => {
      this.post({ type: 'runState', state: this.state.state as 'running', message: `Cannot read the run folder: ${(error as Error).message}` });
      return { points: [], grew: false };
    });
    if (points.length) this.post({ type: 'progress', points });
    if (grew && this.state.snapshot) this.post({ type: 'snapshot', snapshot: this.state.snapshot });
    if (grew && this.state.record) this.post({ type: 'record', record: this.state.record });
    await this.readAck();
    if (this.reader.ended) return this.end();
    this.noticeQuiet(grew);
    if (this.state.state !== before) this.post({ type: 'runState', state: this.state.state as 'running', message: this.state.message ?? undefined });
    if (!this.disposed) this.timer = setTimeout(() => void this.poll(), POLL_MS);
  }

  /** A running script that appends nothing for quietAfterMs is said to be quiet (a killed one writes no end line); a new step clears it. */
  private noticeQuiet(grew: boolean): void {
    const now = Date.now();
    if (grew) this.lastGrowthAt = now;
    const quiet = this.state.state === 'running' && !this.requested && now - this.lastGrowthAt >= this.quietAfterMs;
    if (quiet === this.quiet) return;
    this.quiet = quiet;
    this.state.message = quiet ? `no new step for ${Math.round((now - this.lastGrowthAt) / 1000)} s: the script is busy, or ended without closing the lens (killed?)` : null;
    this.post({ type: 'runState', state: 'running', message: this.state.message ?? undefined });
  }

  /** control-ack.json: once it acknowledges the last request, the state it reports ("paused at step k"). */
  private async readAck(): Promise<void> {
    const ack = await this.readJson<Ack>('control-ack.json');
    if (!ack || !Number.isInteger(ack.seq) || ack.seq === this.lastAck) return;
    this.lastAck = ack.seq;
    if (this.requested && ack.seq < this.requested.seq) return;
    this.requested = undefined;
    const state = ack.state === 'paused' ? 'paused' : 'running';
    this.state.state = state;
    this.state.message = ack.state === 'paused' ? `paused at step ${ack.step}` : null;
    this.post({ type: 'runState', state, message: this.state.message ?? undefined });
  }

  private end(): void {
    const steps = this.state.record?.lastStep ?? 0;
    this.reader.model.end(this.reader.stopped ? 'stopped' : 'finished', this.reader.stopped ? `Stopped from the editor after step ${steps}.` : `The script closed the lens after step ${steps}.`);
    this.state.savedRun = this.folder.toString();
    this._onDidEnd.fire();
  }

  private async readJson<T>(name: string): Promise<T | null> {
    try {
      return JSON.parse(utf8Text(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.folder, name)))) as T;
    } catch {
      return null;
    }
  }

  private post(message: HostToWebview): void { if (!this.disposed) this._onWebviewMessage.fire(message); }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this._onWebviewMessage.dispose();
    this._onDidEnd.dispose();
  }
}
