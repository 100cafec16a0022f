/** File access for the CLI: data paths relative to the spec file, gzip handled with node:zlib. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ReadDataFile } from '../engine/data';

/** Reads data files named in a spec: relative paths resolve against the spec's folder. */
export function dataReader(specPath: string): { readFile: ReadDataFile; fileExists: (p: string) => boolean; gunzip: (b: Uint8Array) => Uint8Array } {
  const base = dirname(resolve(specPath));
  const full = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  return {
    readFile: (p, as) => (as === 'text' ? readFileSync(full(p), 'utf8') : new Uint8Array(readFileSync(full(p)))),
    fileExists: (p) => existsSync(full(p)),
    gunzip: (b) => new Uint8Array(gunzipSync(b)),
  };
}
