/**
 * The data side of the memory budget: each data file is sized from its text length (CSV) or its IDX header
 * (element counts) as soon as it is read, before the loaders allocate feature arrays for it.
 */
import type { ReadDataFile } from '../data';
import { formatBytes, ResourceError } from './resources';

const F64 = 8;
/** Per CSV row besides its features: the target cell, its line number, the label or target. */
const CSV_ROW_OVERHEAD = 64;
/** IDX element sizes by type byte. */
const IDX_SIZES: Record<number, number> = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 };

/** Un-gzips, refusing (throwing) when the output would pass maxOutputBytes (node: zlib's maxOutputLength). */
export type Gunzip = (bytes: Uint8Array, maxOutputBytes?: number) => Uint8Array;

/**
 * Peak bytes while a CSV of this text becomes a data set: the text, the growing feature buffer (up to 2×),
 * its trimmed copy and the split copies (float64 features), and per-row target bookkeeping.
 */
export function estimateCsvBytes(text: string): number {
  let rows = 0, commas = 0, headerDone = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) { rows++; headerDone = true; } else if (c === 44 && !headerDone) commas++;
  }
  if (text.length > 0 && text.charCodeAt(text.length - 1) !== 10) rows++;
  const dataRows = Math.max(0, rows - 1);
  return 2 * text.length + dataRows * (commas * F64 * 4 + CSV_ROW_OVERHEAD);
}

/** A generated set: two float64 features and a label or target per sample, generated then copied into splits. */
export function estimateBuiltinBytes(samples: number): number {
  return samples * 2 * (2 * F64 + F64);
}

/** IDX header → element type size and element count; null when the header is not valid (the parser reports it). */
function idxHeaderCounts(bytes: Uint8Array): { elementSize: number; dims: number[]; elements: number } | null {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || !(bytes[2] in IDX_SIZES) || bytes[3] === 0) return null;
  const count = bytes[3];
  if (bytes.length < 4 + 4 * count) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: count }, (_, d) => view.getUint32(4 + 4 * d, false));
  return { elementSize: IDX_SIZES[bytes[2]], dims, elements: dims.reduce((a, b) => a * b, 1) };
}

/**
 * Peak bytes of one IDX file in a data set: the file's bytes (ubyte images stay a view on them), decoded and
 * float64 copies for wider types, the split copies, Int32 labels for 1-D files.
 */
function estimateIdxBytes(bytes: Uint8Array): number {
  const header = idxHeaderCounts(bytes);
  if (!header) return bytes.length;
  const { elementSize, dims, elements } = header;
  if (dims.length === 1) return bytes.length + elements * ((elementSize > 1 ? elementSize : 0) + 2 * 4);
  return bytes.length + (elementSize === 1 ? elements : elements * (elementSize + 2 * F64));
}

/** Sums the data's bytes as files are read; throws (and remembers) a ResourceError once network + data passes the budget. */
export class DataBudget {
  private used = 0;
  /** The last gzipped file read, named when it is un-gzipped. */
  private gzipped = 'a gzipped data file';
  /** The refusal, kept because the loaders wrap errors thrown inside gunzip. */
  refusal: ResourceError | null = null;

  constructor(private readonly networkBytes: number, private readonly budgetBytes: number) {}

  get dataBytes(): number { return this.used; }
  get remaining(): number { return Math.max(0, this.budgetBytes - this.networkBytes - this.used); }

  /** Counts `bytes` for `file`, refusing when the total passes the budget. */
  add(bytes: number, file: string): void {
    this.used += bytes;
    const needed = this.networkBytes + this.used;
    if (needed <= this.budgetBytes) return;
    this.refuse(new ResourceError(
      `${file}: the data would need about ${formatBytes(this.used)} in memory (the network ${formatBytes(this.networkBytes)} more), ` +
      `over the memory budget of ${formatBytes(this.budgetBytes)}: use fewer samples (e.g. "limit") or raise the budget (setting backpropLens.memoryBudgetMB, CLI --memory-budget).`,
      needed, this.budgetBytes, file,
    ));
  }

  /** readFile that sizes each file as it arrives: text as CSV, bytes as IDX (gzip is sized when un-gzipped). */
  wrapRead(readFile: ReadDataFile): ReadDataFile {
    return (path, as) => {
      const content = readFile(path, as);
      if (typeof content === 'string') this.add(estimateCsvBytes(content), path);
      else if (content instanceof Uint8Array && isGzipped(content)) { this.gzipped = path; this.add(content.length, path); }
      else if (content instanceof Uint8Array) this.add(estimateIdxBytes(content), path);
      return content;
    };
  }

  /** gunzip limited to the remaining budget, sizing the result as IDX. */
  wrapGunzip(gunzip: Gunzip | undefined): ((bytes: Uint8Array) => Uint8Array) | undefined {
    if (!gunzip) return undefined;
    return (bytes) => {
      const limit = this.remaining;
      let out: Uint8Array;
      try {
        out = gunzip(bytes, limit);
      } catch (error) {
        if (isTooLarge(error)) this.refuse(new ResourceError(`${this.gzipped} un-gzips to more than the ${formatBytes(limit)} left in the memory budget of ${formatBytes(this.budgetBytes)}: raise the budget or use a smaller file`, this.budgetBytes + 1, this.budgetBytes, this.gzipped));
        throw error;
      }
      this.add(estimateIdxBytes(out), this.gzipped);
      return out;
    };
  }

  private refuse(error: ResourceError): never {
    this.refusal = error;
    throw error;
  }
}

function isGzipped(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Node's zlib maxOutputLength failure (or any RangeError of an allocation). */
function isTooLarge(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError;
}
