/** backprop-lens export: the spec and its weights as a PyTorch project (--to pytorch) or an ONNX model (--to onnx). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pytorchProject } from '../engine/export/pytorch-project';
import { parametersFromModelJson } from '../engine/model';
import { Rng } from '../engine/rng';
import type { NetworkSpec } from '../engine/spec/types';
import { DEFAULTS, isCsvData, isIdxData } from '../engine/spec/types';
import { networkFromSpec, parametersOf } from '../engine/trainer';
import type { LayerParameters } from '../engine/training-types';
import { prepare, UsageError, type Output } from './commands';

export interface ExportOptions { to?: string; out?: string; init?: string; memoryBudgetBytes?: number }

/** Reads a saved model's parameters, or fails with the file's name and what is wrong. */
export function readModelParameters(path: string): LayerParameters[] {
  try {
    return parametersFromModelJson(JSON.parse(readFileSync(path, 'utf8')));
  } catch (e) {
    throw new UsageError(`${path}: not a usable model (${(e as Error).message})`, 1);
  }
}

/** The spec's data files as seen from `outDir` (relative paths, so the project can move with its data). */
function dataPathsFrom(spec: NetworkSpec, specPath: string, outDir: string): Record<string, string | null> {
  const fromSpec = (p: string | undefined) => (p === undefined ? null : relative(outDir, isAbsolute(p) ? p : resolve(dirname(specPath), p)));
  const data = spec.data;
  if (isCsvData(data)) return { csv: fromSpec(data.csv), testCsv: fromSpec(data.testCsv) };
  if (isIdxData(data)) return { trainImages: fromSpec(data.idx.trainImages), trainLabels: fromSpec(data.idx.trainLabels), testImages: fromSpec(data.idx.testImages), testLabels: fromSpec(data.idx.testLabels) };
  return {};
}

export function exportCommand(specPath: string, opts: ExportOptions, io: Output): number {
  if (opts.to !== 'pytorch') throw new UsageError(`--to needs "pytorch" or "onnx", got ${opts.to === undefined ? 'nothing' : `"${opts.to}"`}`, 2);
  if (!opts.out) throw new UsageError('--out DIR is needed', 2);
  const { spec, dataset } = prepare(specPath, { memoryBudgetBytes: opts.memoryBudgetBytes });
  const initial = opts.init ? readModelParameters(opts.init) : parametersOf(networkFromSpec(spec, new Rng(spec.seed ?? DEFAULTS.seed)));
  const outDir = resolve(opts.out);
  const files = pytorchProject({ spec, dataset, initial, dataPaths: dataPathsFrom(spec, specPath, outDir) });
  for (const file of files) {
    mkdirSync(dirname(join(outDir, file.path)), { recursive: true });
    writeFileSync(join(outDir, file.path), file.text);
  }
  io.out(`Wrote a PyTorch project to ${opts.out} (${files.map((f) => f.path).join(', ')}); run: python3 ${join(opts.out, 'train.py')}`);
  return 0;
}
