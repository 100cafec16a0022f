/** Data files for the CLI and the training worker: contained paths, a size check before reading, bounded gunzip. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { DataFiles } from '../engine/data/data-files';
import { formatBytes, ResourceError } from '../engine/train/resources';
import { resolveDataPath, type PathPolicy } from './paths';

export interface DataFileOptions extends PathPolicy {
  /** Refuse to read a file bigger than this (the memory budget): checked with stat, before reading. */
  maxFileBytes?: number;
}

/** DataFiles whose gunzip (zlib) is always there: throws ERR_BUFFER_TOO_LARGE past maxOutputBytes. */
export type NodeDataFiles = DataFiles & Required<Pick<DataFiles, 'gunzip'>>;

/** Reads the data files a spec names, as text or bytes, through node:fs. */
export function nodeDataFiles(specPath: string, options: DataFileOptions = {}): NodeDataFiles {
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
    stamp: (written) => {
      try {
        return statSync(resolveDataPath(specPath, written, options)).mtimeMs;
      } catch {
        return 'none';
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
