/**
 * Following a growing PyTorch run folder by what was appended (python/backprop_lens/run_folder.py): each tail keeps
 * the byte offset of what it has read whole and takes the file from there; a partial last line of record.jsonl or a
 * partial last frame of frames.bin is left for the next read (a killed script leaves it partial for good).
 */
import { utf8Text } from '../text/utf8';
import { parseRecordLines, RunFileError, type PytorchStepRow } from './pytorch-run';

/** One layer of a δ frame: rows (samples) × units, row-major as frames.bin holds it. */
interface PytorchFrameLayer { layer: number; rows: number; units: number; values: Float32Array }
export interface PytorchFrame { step: number; layers: PytorchFrameLayer[] }

const NEWLINE = 0x0a;
const FRAMES_MAGIC = 'BPLFRM1\n';
/** A frame header or layer larger than this is not one the lens writes (it bounds frames to 48 Ki floats). */
const MAX_HEADER_BYTES = 1 << 20;
const MAX_FRAME_FLOATS = 1 << 24;

/** record.jsonl from `offset` on: the complete lines appended since the last take. */
export class RecordTail {
  /** Bytes of record.jsonl read whole (up to and including the last newline seen). */
  offset = 0;
  /** The end line was read: the script closed the lens. */
  ended = false;
  /** The end line says Stop (from the editor) ended the run. */
  stopped = false;
  private linesRead = 0;

  constructor(private readonly layerCount: number) {}

  /** `bytes` is the file from `offset` on; returns the new steps and moves `offset` past the last complete line. */
  take(bytes: Uint8Array): PytorchStepRow[] {
    const end = bytes.lastIndexOf(NEWLINE) + 1;
    if (end === 0) return [];
    const text = utf8Text(bytes.subarray(0, end));
    let read: ReturnType<typeof parseRecordLines>;
    try {
      read = parseRecordLines(text, this.layerCount);
    } catch (error) {
      throw new RunFileError((error as Error).message.replace(/line (\d+)/, (_, n: string) => `line ${this.linesRead + Number(n)}`));
    }
    this.offset += end;
    this.linesRead += text.split('\n').length - 1;
    this.ended ||= read.ended;
    this.stopped ||= read.stopped;
    return read.rows;
  }
}

/** frames.bin from `offset` on: the complete frames appended since the last take. */
export class FrameTail {
  /** Bytes of frames.bin read whole (the magic and every complete frame). */
  offset = 0;

  constructor(private readonly layerCount: number) {}

  /** `bytes` is the file from `offset` on; returns the new complete frames and moves `offset` past them. */
  take(bytes: Uint8Array): PytorchFrame[] {
    let at = 0;
    if (this.offset === 0) {
      if (bytes.length < FRAMES_MAGIC.length) return [];
      if (utf8Text(bytes.subarray(0, FRAMES_MAGIC.length)) !== FRAMES_MAGIC) throw new RunFileError('frames.bin: does not start with BPLFRM1');
      at = FRAMES_MAGIC.length;
    }
    const frames: PytorchFrame[] = [];
    for (;;) {
      const frame = this.frameAt(bytes, at);
      if (!frame) break;
      frames.push(frame.frame);
      at = frame.end;
    }
    this.offset += at;
    return frames;
  }

  /** The frame starting at byte `at`, or null when it is not all there yet. */
  private frameAt(bytes: Uint8Array, at: number): { frame: PytorchFrame; end: number } | null {
    if (bytes.length - at < 4) return null;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headerLength = view.getUint32(at, true);
    const where = `frames.bin: the frame at byte ${this.offset + at}`;
    if (headerLength > MAX_HEADER_BYTES) throw new RunFileError(`${where} has a ${headerLength}-byte header`);
    if (bytes.length - at - 4 < headerLength) return null;
    const header = parseFrameHeader(utf8Text(bytes.subarray(at + 4, at + 4 + headerLength)), this.layerCount, where);
    let body = at + 4 + headerLength;
    const floats = header.layers.reduce((sum, l) => sum + l.rows * l.units, 0);
    if (bytes.length - body < floats * 4) return null;
    const layers = header.layers.map((l) => {
      const values = new Float32Array(l.rows * l.units);
      for (let i = 0; i < values.length; i++, body += 4) values[i] = view.getFloat32(body, true);
      return { ...l, values };
    });
    return { frame: { step: header.step, layers }, end: body };
  }
}

interface FrameHeader { step: number; layers: { layer: number; rows: number; units: number }[] }

/** A frame's JSON header, checked: a whole step, layers inside lens.json's, sizes the lens can write. */
function parseFrameHeader(text: string, layerCount: number, where: string): FrameHeader {
  let header: { step?: unknown; layers?: unknown };
  try {
    header = (JSON.parse(text) ?? {}) as typeof header;
  } catch (error) {
    throw new RunFileError(`${where}: header is not JSON (${(error as Error).message})`);
  }
  const isCount = (v: unknown, max: number): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) < max;
  if (!isCount(header.step, Number.MAX_SAFE_INTEGER) || !Array.isArray(header.layers)) throw new RunFileError(`${where}: header needs a step and layers`);
  const layers = header.layers.map((raw: { layer?: unknown; rows?: unknown; units?: unknown }) => {
    if (!isCount(raw?.layer, layerCount) || !isCount(raw.rows, MAX_FRAME_FLOATS) || !isCount(raw.units, MAX_FRAME_FLOATS) || raw.rows * raw.units > MAX_FRAME_FLOATS) {
      throw new RunFileError(`${where}: a layer needs a layer index below ${layerCount}, rows and units`);
    }
    return { layer: raw.layer, rows: raw.rows, units: raw.units };
  });
  return { step: header.step, layers };
}
