/**
 * A PyTorch run folder read through vscode.workspace.fs: lens.json once, then frames.bin and record.jsonl from the
 * byte offsets already read (engine/record/pytorch-tail), into a PytorchRunModel. Used live (the follower polls it)
 * and whole (Open Run…, Compare Runs…).
 */
import * as vscode from 'vscode';
import { FrameTail, RecordTail } from '../../engine/record/pytorch-tail';
import { utf8Text } from '../../engine/text/utf8';
import { pytorchRunInfo, PytorchRunModel, type PytorchLayer } from './pytorchRunModel';

export const LENS_FILE = 'lens.json';

/** True when `folder` holds a lens.json (a PyTorch run folder). */
export async function isPytorchRunFolder(folder: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, LENS_FILE));
    return true;
  } catch {
    return false;
  }
}

/** lens.json's layers (with fan-in); throws naming the file when it is not a PyTorch run's. */
async function readLensLayers(folder: vscode.Uri): Promise<PytorchLayer[]> {
  const lens = JSON.parse(utf8Text(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, LENS_FILE)))) as { format?: unknown; layers?: unknown };
  if (lens?.format !== 'backprop-lens/pytorch-run@1' || !Array.isArray(lens.layers) || lens.layers.length === 0) throw new Error(`${LENS_FILE} is not a PyTorch run's (format backprop-lens/pytorch-run@1 with layers)`);
  return lens.layers.map((raw: Partial<PytorchLayer>, i) => {
    if (typeof raw?.name !== 'string' || !Number.isInteger(raw.units) || typeof raw.activation !== 'string') throw new Error(`${LENS_FILE}: layers[${i}] needs a name, whole units and an activation`);
    return { name: raw.name, units: raw.units!, fanIn: Number.isInteger(raw.fanIn) ? raw.fanIn! : 0, activation: raw.activation };
  });
}

/** The bytes of `uri` from `offset` on (none when the file is missing or no longer than that). */
async function readFrom(uri: vscode.Uri, offset: number): Promise<Uint8Array> {
  try {
    if ((await vscode.workspace.fs.stat(uri)).size <= offset) return new Uint8Array(0);
    return (await vscode.workspace.fs.readFile(uri)).subarray(offset);
  } catch {
    return new Uint8Array(0);
  }
}

/** A PyTorch run folder and what of it has been read. */
export class PytorchRunReader {
  private readonly records: RecordTail;
  private readonly frameTail: FrameTail;

  private constructor(readonly folder: vscode.Uri, readonly model: PytorchRunModel) {
    this.records = new RecordTail(model.info.layers.length);
    this.frameTail = new FrameTail(model.info.layers.length);
  }

  static async open(folder: vscode.Uri): Promise<PytorchRunReader> {
    const name = folder.path.split('/').filter(Boolean).pop() ?? 'run';
    return new PytorchRunReader(folder, new PytorchRunModel(pytorchRunInfo(name, folder.fsPath, await readLensLayers(folder))));
  }

  get ended(): boolean { return this.records.ended; }
  get stopped(): boolean { return this.records.stopped; }

  /** Reads what was appended (frames first: a frame's record line is written before it); resolves the new loss points. */
  async readAppended(): Promise<{ points: { step: number; loss: number }[]; grew: boolean }> {
    const frames = this.frameTail.take(await readFrom(vscode.Uri.joinPath(this.folder, 'frames.bin'), this.frameTail.offset));
    this.model.addFrames(frames);
    const rows = this.records.take(await readFrom(vscode.Uri.joinPath(this.folder, 'record.jsonl'), this.records.offset));
    return { points: this.model.addRows(rows), grew: rows.length > 0 || frames.length > 0 };
  }
}

/** A PyTorch run folder read whole as a saved run: ended (finished or stopped), or cut short when the script died. */
export async function readPytorchRun(folder: vscode.Uri): Promise<PytorchRunModel> {
  const reader = await PytorchRunReader.open(folder);
  await reader.readAppended();
  const steps = reader.model.state.record?.lastStep ?? 0;
  if (reader.ended) reader.model.end(reader.stopped ? 'stopped' : 'finished', reader.stopped ? `Stopped from the editor after step ${steps}.` : null);
  else reader.model.end('stopped', `The script did not close the lens (still running, or killed): its record runs to step ${steps}.`);
  reader.model.state.savedRun = folder.toString();
  return reader.model;
}
