/**
 * Reading a saved run folder (metrics.json, model.json, record.bin, spec.json) back for Open Run… and Compare Runs….
 * Bad input throws RunFolderError naming the file and where in it (line and column, JSON path, or byte); files are
 * only read, never changed.
 */
import { findNodeAtLocation, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parse as parseJsonc } from 'jsonc-parser';
import type { EpochMetrics, Frame, PlanePoints, RunInfo, RunRecord, RunState } from '../../protocol';
import { decodeRecordFile, RECORD_FORMAT, RecordFileError } from '../../engine/record/record-file';
import { RECORD_FILE, SPEC_FILE, type RunFolderFs } from './runFolder';
import { checkEpochRows, checkFrames, checkPoints, checkRunInfo, checkRunRecord, checkRunState, ShapeError } from './savedRunShape';

/** The metrics.json format this reader understands. */
const METRICS_FORMAT = 'backprop-lens/metrics@1';

/** A run folder that cannot be shown: `file` is the file's name in the folder; the message says where it went wrong. */
export class RunFolderError extends Error {
  constructor(readonly file: string, message: string) { super(`${file}: ${message}`); }
}

/** The file-system calls reading a run folder needs (vscode.workspace.fs in the extension, node:fs in tests). */
export type RunFolderReadFs<U> = Pick<RunFolderFs<U>, 'join' | 'exists'> & { readFile(uri: U): Promise<Uint8Array> };

/** A saved run as its folder holds it. `specText` is the spec it trained (null for runs saved before spec.json). */
export interface SavedRun {
  info: RunInfo;
  state: RunState;
  message: string | null;
  epochs: EpochMetrics[];
  record: RunRecord;
  frames: Frame[];
  points: PlanePoints | null;
  specText: string | null;
  /** metrics.json's link to its spec, relative to the folder (src/node/specRuns.ts); null for folders saved before it. */
  specFile: string | null;
  model: unknown;
}

/** Reads and checks a run folder; throws RunFolderError for a missing, unreadable, truncated or malformed file. */
export async function readRunFolder<U>(fs: RunFolderReadFs<U>, folder: U): Promise<SavedRun> {
  const metricsText = new TextDecoder().decode(await readRequired(fs, folder, 'metrics.json'));
  const metrics = parseJsonFile('metrics.json', metricsText) as Record<string, unknown>;
  const { info, state, message, epochs } = located('metrics.json', metricsText, () => checkMetrics(metrics));
  const recordFile = decodeRecord(await readRequired(fs, folder, RECORD_FILE));
  const { record, frames, points } = atPath(RECORD_FILE, () => ({
    record: checkRunRecord(recordFile.record, 'record', info),
    frames: checkFrames(recordFile.frames, 'frames', info),
    points: checkPoints(recordFile.points, 'points'),
  }));
  const modelBytes = await readOptional(fs, folder, 'model.json');
  const model = modelBytes ? parseJsonFile('model.json', new TextDecoder().decode(modelBytes)) : null;
  const specBytes = await readOptional(fs, folder, SPEC_FILE);
  const specFile = typeof metrics.specFile === 'string' ? metrics.specFile : null;
  return { info, state, message, epochs, record, frames, points, model, specText: specBytes ? new TextDecoder().decode(specBytes) : null, specFile };
}

function checkMetrics(value: unknown): Pick<SavedRun, 'info' | 'state' | 'message' | 'epochs'> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ShapeError('', 'is not an object');
  const m = value as Record<string, unknown>;
  if (m.format !== METRICS_FORMAT) throw new ShapeError('format', `is ${JSON.stringify(m.format)}, not "${METRICS_FORMAT}"`);
  const info = checkRunInfo(m.info, 'info');
  const state = checkRunState(m.state, 'state');
  if (m.message !== null && m.message !== undefined && typeof m.message !== 'string') throw new ShapeError('message', 'is not a string');
  return { info, state, message: (m.message as string | null | undefined) ?? null, epochs: checkEpochRows(m.epochs, 'epochs') };
}

async function readRequired<U>(fs: RunFolderReadFs<U>, folder: U, name: string): Promise<Uint8Array> {
  const bytes = await readOptional(fs, folder, name);
  if (!bytes) throw new RunFolderError(name, 'missing from the run folder (is this a Backprop Lens run folder, saved by a version that writes it?)');
  return bytes;
}

/** The file's bytes, or undefined when it does not exist; an existing file that cannot be read is an error. */
async function readOptional<U>(fs: RunFolderReadFs<U>, folder: U, name: string): Promise<Uint8Array | undefined> {
  const uri = fs.join(folder, name);
  try {
    return await fs.readFile(uri);
  } catch (error) {
    if (!(await fs.exists(uri))) return undefined;
    throw new RunFolderError(name, `cannot be read: ${(error as Error).message}`);
  }
}

function decodeRecord(bytes: Uint8Array): Record<string, unknown> {
  let value: unknown;
  try {
    value = decodeRecordFile(bytes, RECORD_FILE);
  } catch (error) {
    if (error instanceof RecordFileError) throw new RunFolderError(RECORD_FILE, error.message.slice(RECORD_FILE.length + 2));
    throw error;
  }
  const file = value as Record<string, unknown> | null;
  if (!file || typeof file !== 'object' || file.format !== RECORD_FORMAT) throw new RunFolderError(RECORD_FILE, `format is not "${RECORD_FORMAT}"`);
  return file;
}

/** JSON.parse, or a RunFolderError with the line and column of the first syntax error. */
function parseJsonFile(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const errors: ParseError[] = [];
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false });
    const first = errors[0];
    if (!first) throw new RunFolderError(name, `is not JSON: ${(error as Error).message}`);
    throw new RunFolderError(name, `${lineColumn(text, first.offset)}: not JSON (${printParseErrorCode(first.error)})`);
  }
}

/** Runs a shape check over a JSON file's value; a ShapeError becomes "line L, column C: <path> <problem>". */
function located<T>(name: string, text: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    const node = error.path ? findNodeAtLocation(parseTree(text)!, pathSegments(error.path)) : undefined;
    throw new RunFolderError(name, node ? `${lineColumn(text, node.offset)}: ${error.message}` : error.message);
  }
}

/** Runs a shape check over a binary file's header; a ShapeError becomes "<path> <problem>". */
function atPath<T>(name: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ShapeError) throw new RunFolderError(name, error.message);
    throw error;
  }
}

/** `info.layers[2].units` → ['info', 'layers', 2, 'units']. */
function pathSegments(path: string): (string | number)[] {
  return path.split(/\.|(?=\[)/).map((part) => (/^\[\d+\]$/.test(part) ? Number(part.slice(1, -1)) : part));
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}
