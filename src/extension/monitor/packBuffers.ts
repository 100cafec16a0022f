/**
 * Every typed array of a webview message as a view on one shared ArrayBuffer. VS Code (seen in 1.139) sends a webview
 * message's distinct ArrayBuffers as separate RPC arguments and writes their count in one byte: past about 254
 * buffers the rest arrive as empty arrays, silently (a 6-layer run's record alone holds 258). Views on one buffer
 * travel as one argument and arrive as views again (same type, byteOffset and length). No vscode import: unit-tested.
 */

type TypedArray = Float32Array | Float64Array | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array;
type TypedArrayConstructor = new (buffer: ArrayBuffer, byteOffset: number, length: number) => TypedArray;

/** Byte alignment of each view: a multiple of every element size (Float64Array needs 8). */
const ALIGN = 8;

function isTypedArray(value: unknown): value is TypedArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView) && !(typeof BigInt64Array !== 'undefined' && (value instanceof BigInt64Array || value instanceof BigUint64Array));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The typed arrays reachable through plain objects and arrays (each once), in visiting order. */
function collect(value: unknown, found: Set<TypedArray>): void {
  if (isTypedArray(value)) found.add(value);
  else if (Array.isArray(value)) for (const item of value) collect(item, found);
  else if (isPlainObject(value)) for (const key of Object.keys(value)) collect(value[key], found);
}

/** `value` with its typed arrays copied into one buffer; unchanged when it holds fewer than two. Never mutates `value`. */
export function packTypedArrays<T>(value: T): T {
  const found = new Set<TypedArray>();
  collect(value, found);
  if (found.size < 2) return value;
  let bytes = 0;
  for (const array of found) bytes = Math.ceil(bytes / ALIGN) * ALIGN + array.byteLength;
  const shared = new ArrayBuffer(bytes);
  const views = new Map<TypedArray, TypedArray>();
  let offset = 0;
  for (const array of found) {
    offset = Math.ceil(offset / ALIGN) * ALIGN;
    const view = new (array.constructor as TypedArrayConstructor)(shared, offset, array.length);
    new Uint8Array(shared, offset, array.byteLength).set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    views.set(array, view);
    offset += array.byteLength;
  }
  return replace(value, views) as T;
}

function replace(value: unknown, views: Map<TypedArray, TypedArray>): unknown {
  if (isTypedArray(value)) return views.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => replace(item, views));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = replace(value[key], views);
  return copy;
}
