/**
 * IDX files (the MNIST format): bytes 0–1 zero, byte 2 the element type, byte 3 the number of dimensions D,
 * then D big-endian uint32 sizes, then the elements in row-major order (big-endian when wider than a byte).
 * Takes un-gzipped bytes; isGzip tells the caller when to un-gzip first.
 */
import { DataError } from './dataset';

type IdxType = 'ubyte' | 'byte' | 'short' | 'int' | 'float' | 'double';
type IdxValues = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  file: string;
  type: IdxType;
  dims: number[];
  /** Byte offset where the payload starts (4 + 4·D). */
  payloadOffset: number;
  /** Elements, row-major; for 'ubyte' a view on the input bytes. */
  values: IdxValues;
}

/** Element type byte → name and size in bytes. */
const TYPES: Record<number, { type: IdxType; size: number }> = {
  0x08: { type: 'ubyte', size: 1 },
  0x09: { type: 'byte', size: 1 },
  0x0b: { type: 'short', size: 2 },
  0x0c: { type: 'int', size: 4 },
  0x0d: { type: 'float', size: 4 },
  0x0e: { type: 'double', size: 8 },
};

/** True when the bytes start with the gzip signature 1f 8b (the caller must un-gzip them). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function idxError(file: string, offset: number, what: string): DataError {
  return new DataError(`${file} byte ${offset}: ${what}`, file);
}

function hex(bytes: Uint8Array, from: number, to: number): string {
  return Array.from(bytes.subarray(from, to), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Reads the header: element type and dimension sizes. */
function readHeader(bytes: Uint8Array, file: string): { type: IdxType; size: number; dims: number[] } {
  if (isGzip(bytes)) throw idxError(file, 0, 'the file is gzip-compressed (starts with 1f 8b); un-gzip it before parsing');
  if (bytes.length < 4) throw idxError(file, bytes.length, `the file ends inside the 4-byte IDX magic number (it has ${bytes.length} bytes)`);
  const kind = TYPES[bytes[2]];
  if (bytes[0] !== 0 || bytes[1] !== 0 || !kind || bytes[3] === 0) {
    throw idxError(file, 0, `wrong magic number ${hex(bytes, 0, 4)}: an IDX file starts with 00 00, a type byte (08 ubyte … 0e double) and a dimension count ≥ 1`);
  }
  const count = bytes[3];
  const headerEnd = 4 + 4 * count;
  if (bytes.length < headerEnd) {
    throw idxError(file, bytes.length, `the file ends inside the header: ${count} dimension sizes need ${headerEnd} bytes, the file has ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let d = 0; d < count; d++) dims.push(view.getUint32(4 + 4 * d, false));
  return { type: kind.type, size: kind.size, dims };
}

/** Big-endian elements of a multi-byte type decoded into a native typed array. */
function decodeWide(bytes: Uint8Array, offset: number, count: number, type: IdxType, size: number): IdxValues {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * size);
  switch (type) {
    case 'short': return Int16Array.from({ length: count }, (_, i) => view.getInt16(2 * i, false));
    case 'int': return Int32Array.from({ length: count }, (_, i) => view.getInt32(4 * i, false));
    case 'float': return Float32Array.from({ length: count }, (_, i) => view.getFloat32(4 * i, false));
    default: return Float64Array.from({ length: count }, (_, i) => view.getFloat64(8 * i, false));
  }
}

/** Parses IDX bytes, checking the magic number and that the payload is exactly as long as the header says. */
export function parseIdx(bytes: Uint8Array, fileName: string): IdxArray {
  const { type, size, dims } = readHeader(bytes, fileName);
  const payloadOffset = 4 + 4 * dims.length;
  const elements = dims.reduce((a, b) => a * b, 1);
  const expectedEnd = payloadOffset + elements * size;
  if (bytes.length < expectedEnd) {
    throw idxError(fileName, bytes.length,
      `truncated: dimensions ${dims.join(' × ')} of ${type} need ${elements * size} payload bytes after byte ${payloadOffset}, but the file ends at byte ${bytes.length}`);
  }
  if (bytes.length > expectedEnd) {
    throw idxError(fileName, expectedEnd, `${bytes.length - expectedEnd} unexpected bytes after the payload of dimensions ${dims.join(' × ')}`);
  }
  let values: IdxValues;
  if (type === 'ubyte') values = bytes.subarray(payloadOffset, expectedEnd);
  else if (type === 'byte') values = new Int8Array(bytes.buffer, bytes.byteOffset + payloadOffset, elements);
  else values = decodeWide(bytes, payloadOffset, elements, type, size);
  return { file: fileName, type, dims, payloadOffset, values };
}
