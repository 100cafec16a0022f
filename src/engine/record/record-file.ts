/**
 * record.bin in a run folder: the run's record and δ frames in a compact, bounded binary form.
 * Layout: "BPLREC1\n", a uint32 (little-endian) header length, the header JSON (the value with every typed array
 * replaced by { "$t": "f32" | "f64", "o": byte offset, "n": length }), zero padding to 8 bytes, then the arrays.
 */
import { utf8Bytes, utf8Text } from '../text/utf8';

const MAGIC = 'BPLREC1\n';
/** The format tag inside record.bin's header. */
export const RECORD_FORMAT = 'backprop-lens/record@1';
type ArrayRef = { $t: 'f32' | 'f64'; o: number; n: number };

/** A record file that cannot be read: the message names the file and the byte where it went wrong. */
export class RecordFileError extends Error {}

export function encodeRecordFile(value: unknown): Uint8Array {
  const arrays: (Float32Array | Float64Array)[] = [];
  let offset = 0;
  const header = JSON.stringify(value, (_key, v: unknown) => {
    if (!(v instanceof Float32Array || v instanceof Float64Array)) return v;
    offset = align(offset, 8);
    const ref: ArrayRef = { $t: v instanceof Float32Array ? 'f32' : 'f64', o: offset, n: v.length };
    arrays.push(v);
    offset += v.byteLength;
    return ref;
  });
  const headerBytes = utf8Bytes(header);
  const start = align(MAGIC.length + 4 + headerBytes.length, 8);
  const out = new Uint8Array(start + offset);
  out.set(utf8Bytes(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, headerBytes.length, true);
  out.set(headerBytes, MAGIC.length + 4);
  let at = 0;
  for (const a of arrays) {
    at = align(at, 8);
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), start + at);
    at += a.byteLength;
  }
  return out;
}

/** The value encodeRecordFile wrote; throws RecordFileError (naming `file` and the byte) for a bad or truncated file. */
export function decodeRecordFile(bytes: Uint8Array, file: string): unknown {
  const fail = (message: string): never => { throw new RecordFileError(`${file}: ${message}`); };
  if (bytes.length < MAGIC.length + 4 || utf8Text(bytes.subarray(0, MAGIC.length)) !== MAGIC) fail('not a Backprop Lens record file (byte 0)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  const headerEnd = MAGIC.length + 4 + headerLength;
  if (headerEnd > bytes.length) fail(`truncated at byte ${bytes.length}: the header needs ${headerEnd} bytes`);
  let header: unknown;
  try {
    header = JSON.parse(utf8Text(bytes.subarray(MAGIC.length + 4, headerEnd)));
  } catch (error) {
    fail(`the header (bytes ${MAGIC.length + 4}–${headerEnd}) is not JSON: ${(error as Error).message}`);
  }
  const start = align(headerEnd, 8);
  return revive(header, (ref) => {
    const size = ref.$t === 'f32' ? 4 : 8, end = start + ref.o + ref.n * size;
    if (!Number.isInteger(ref.o) || !Number.isInteger(ref.n) || ref.o < 0 || ref.n < 0) fail(`bad array reference at byte offset ${ref.o}`);
    if (end > bytes.length) fail(`truncated at byte ${bytes.length}: an array needs bytes up to ${end}`);
    const copy = new Uint8Array(bytes.subarray(start + ref.o, end)); // a fresh buffer: a node Buffer's slice is a view into its pool
    return ref.$t === 'f32' ? new Float32Array(copy.buffer) : new Float64Array(copy.buffer);
  });
}

function revive(value: unknown, array: (ref: ArrayRef) => Float32Array | Float64Array): unknown {
  if (Array.isArray(value)) return value.map((v) => revive(v, array));
  if (!value || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  if ((o.$t === 'f32' || o.$t === 'f64') && Object.keys(o).length === 3) return array(o as unknown as ArrayRef);
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, revive(v, array)]));
}

function align(n: number, to: number): number { return Math.ceil(n / to) * to; }
