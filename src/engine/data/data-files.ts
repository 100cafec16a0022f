/**
 * The data files a spec names, as the trainer and the data diagnostics read them: through node:fs (src/node/dataFiles.ts)
 * or, in the browser, from bytes the extension host read with vscode.workspace.fs and posted to the worker (preloaded).
 */
import type { ReadDataFile } from './index';
import { DataError } from './dataset';
import { ResourceError } from '../train/resources';
import { utf8Text } from '../text/utf8';

export interface DataFiles {
  readFile: ReadDataFile;
  /** True when the file exists, or when it is refused (the refusal is reported when it is read). */
  fileExists: (written: string) => boolean;
  /** Un-gzips; throws past maxOutputBytes. Absent where the host un-gzipped before (the browser: preloaded files). */
  gunzip?: (bytes: Uint8Array, maxOutputBytes?: number) => Uint8Array;
  /** What the file's content depends on (its modification time), for caching its shape; 'none' when unknown. */
  stamp: (written: string) => string | number;
}

/** One data file as the host read it: its bytes (un-gzipped), or why it could not be read. */
export type PreloadedFile =
  | { bytes: Uint8Array; mtime: number }
  | { missing: true; message: string }
  | { refused: string }
  | { overBudget: string; size: number; budget: number };

/** DataFiles over the files the host read, keyed by the path as written in the spec. */
export function preloadedDataFiles(files: Readonly<Record<string, PreloadedFile>>): DataFiles {
  const entry = (written: string): PreloadedFile => files[written] ?? { missing: true, message: `${written} was not read by the host` };
  return {
    readFile: (written, as) => {
      const file = entry(written);
      if ('bytes' in file) return as === 'text' ? utf8Text(file.bytes) : file.bytes;
      if ('overBudget' in file) throw new ResourceError(file.overBudget, file.size, file.budget, written);
      throw new DataError('refused' in file ? file.refused : file.message, written);
    },
    fileExists: (written) => !('missing' in entry(written)),
    stamp: (written) => { const file = entry(written); return 'bytes' in file ? `${file.mtime}:${file.bytes.byteLength}` : 'none'; },
  };
}

/** The data paths written in a spec's data section (csv, testCsv, the four IDX files). */
export function writtenDataPaths(data: unknown): string[] {
  const d = (data ?? {}) as Record<string, unknown>;
  const idx = (d.idx && typeof d.idx === 'object' ? d.idx : {}) as Record<string, unknown>;
  return [d.csv, d.testCsv, ...Object.values(idx)].filter((f): f is string => typeof f === 'string' && f !== '');
}
