/** Data files for the CLI and the training worker: contained paths, a size check before reading, bounded gunzip. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { ReadDataFile } from '../engine/data';
import { formatBytes, ResourceError } from '../engine/train/resources';
import { resolveDataPath, type PathPolicy } from './paths';

export interface DataFileOptions extends PathPolicy {
  /** Refuse to read a file bigger than this (the memory budget): checked with stat, before reading. */
  maxFileBytes?: number;
}

export interface DataFiles {
  readFile: ReadDataFile;
  /** True when the file exists, or when it is refused (the refusal is reported when it is read). */
  fileExists: (written: string) => boolean;
  /** Un-gzips; throws (zlib ERR_BUFFER_TOO_LARGE) past maxOutputBytes. */
  gunzip: (bytes: Uint8Array, maxOutputBytes?: number) => Uint8Array;
}

/** Reads the data files a spec names, as text or bytes, through node:fs. */
export function nodeDataFiles(specPath: string, options: DataFileOptions = {}): DataFiles {
  return {
    readFile: (written, as) => {
      const path = resolveDataPath(specPath, written, options);
      if (options.maxFileBytes !== undefined) refuseBigFile(path, written, options.maxFileBytes);
      return as === 'text' ? readFileSync(path, 'utf8') : new Uint8Array(readFileSync(path));
    },
    fileExists: (written) => {
      try {
        return existsSync(resolveDataPath(specPath, written, options));
      } catch {
        return true;
      }
    },
    gunzip: (bytes, maxOutputBytes) => new Uint8Array(gunzipSync(bytes, maxOutputBytes === undefined ? {} : { maxOutputLength: Math.max(1, Math.floor(maxOutputBytes)) })),
  };
}

/** A file larger than the whole budget cannot be held: refused before it is read. */
function refuseBigFile(path: string, written: string, maxBytes: number): void {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return; // the read reports the missing file
  }
  if (size <= maxBytes) return;
  throw new ResourceError(
    `${written} is ${formatBytes(size)} on disk, over the memory budget of ${formatBytes(maxBytes)}: use a smaller file or raise the budget (setting backpropLens.memoryBudgetMB, CLI --memory-budget).`,
    size, maxBytes, written,
  );
}
