/** The examples the browser benchmark times (examples/spiral.nn.json, examples/fashion-mnist.nn.json), as it trains them. */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseSpecText } from '../../src/engine/spec/parse';
import { isIdxData, type NetworkSpec } from '../../src/engine/spec/types';
import { FASHION_DIR } from './common';
import { singleThreadFloat32, type EpochPlan } from './web-epochs';

export interface BenchExample {
  name: string;
  /** float32, one thread; data paths are the files' base names, the keys of `files`. */
  spec: NetworkSpec;
  /** base name → absolute path of each data file. */
  files: Record<string, string>;
  plan: EpochPlan;
}

const root = resolve(__dirname, '../..');

/** The example's spec with its IDX paths replaced by base names found in FASHION_DIR. */
function readExample(file: string): { spec: NetworkSpec; files: Record<string, string> } {
  const parsed = parseSpecText(readFileSync(join(root, 'examples', file), 'utf8'));
  if (!parsed.spec) throw new Error(`examples/${file} does not parse`);
  const spec = singleThreadFloat32(parsed.spec);
  if (!spec.data || !isIdxData(spec.data)) return { spec, files: {} };
  const files: Record<string, string> = {};
  const idx = Object.fromEntries(Object.entries(spec.data.idx).map(([role, path]) => {
    const name = basename(path as string);
    files[name] = join(FASHION_DIR, name);
    return [role, name];
  }));
  return { spec: { ...spec, data: { ...spec.data, idx: idx as typeof spec.data.idx } }, files };
}

/** Spiral epochs last well under a millisecond: each slice runs many. Fashion-MNIST: one epoch a slice. */
export function benchExamples(quick: boolean): BenchExample[] {
  const spiral = { name: 'spiral', ...readExample('spiral.nn.json'), plan: { slices: 5, sliceMs: quick ? 200 : 400, warmUpMs: 300 } };
  const fashion = { name: 'fashion-mnist', ...readExample('fashion-mnist.nn.json'), plan: { slices: quick ? 2 : 3, sliceMs: 0, warmUpMs: 0 } };
  return Object.values(fashion.files).every((path) => existsSync(path)) ? [spiral, fashion] : [spiral];
}

/** The example's data files as bytes, gzipped as on disk (the browser un-gzips them itself). */
export function readFiles(example: BenchExample): Record<string, Uint8Array> {
  return Object.fromEntries(Object.entries(example.files).map(([name, path]) => [name, new Uint8Array(readFileSync(path))]));
}

/** The same files un-gzipped (the Node column). */
export function readFilesUnzipped(example: BenchExample): Map<string, Uint8Array> {
  return new Map(Object.entries(readFiles(example)).map(([name, bytes]) => [name, new Uint8Array(gunzipSync(bytes))]));
}
