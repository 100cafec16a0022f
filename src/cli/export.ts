/** backprop-lens export: the spec and its weights as a PyTorch project (--to pytorch) or an ONNX model (--to onnx). */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { onnxModelOf } from '../engine/export/onnx-graph';
import { pytorchProject } from '../engine/export/pytorch-project';
import { inputMappingFromModelJson, parametersFromModelJson, type InputMapping, type ModelJson } from '../engine/model/model';
import { exportDataPaths } from '../node/exportDataPaths';
import { lensPackageFiles, lensRunsOf } from '../node/lensPackage';
import { encodeOnnx } from '../node/onnx';
import { specRunsNewestFirst } from '../node/specRuns';
import { Rng } from '../engine/nn/rng';
import { DEFAULTS } from '../engine/spec/types';
import { networkFromSpec, parametersOf } from '../engine/train/trainer';
import type { LayerParameters } from '../engine/train/training-types';
import { prepare, readValidSpec, UsageError, withModelShapes, type Output } from './commands';

export interface ExportOptions { to?: string; out?: string; init?: string; memoryBudgetBytes?: number }

/** Reads a saved model (checking its parameters and input mapping), or fails with the file's name and what is wrong. */
export function readModel(path: string): { model: ModelJson; params: LayerParameters[]; mapping: InputMapping } {
  try {
    const model = JSON.parse(readFileSync(path, 'utf8')) as ModelJson;
    return { model, params: parametersFromModelJson(model), mapping: inputMappingFromModelJson(model) };
  } catch (e) {
    throw new UsageError(`${path}: not a usable model (${(e as Error).message})`, 1);
  }
}

/** Where run folders may be: `.backprop-lens/runs` in the spec's folder and in each folder above it (the workspace's). */
function runsDirsAbove(specPath: string): string[] {
  const dirs: string[] = [];
  for (let dir = dirname(resolve(specPath)); ; dir = dirname(dir)) {
    const runs = join(dir, '.backprop-lens', 'runs');
    if (existsSync(runs)) dirs.push(runs);
    if (dirname(dir) === dir) return dirs;
  }
}

/** metrics.json's `specFile` of a run folder (undefined when it has none or cannot be read). */
function specFileOf(folder: string): unknown {
  try {
    return (JSON.parse(readFileSync(join(folder, 'metrics.json'), 'utf8')) as { specFile?: unknown }).specFile;
  } catch {
    return undefined;
  }
}

/** model.json of the spec's newest run (src/node/specRuns.ts says which folders are the spec's). */
function latestRunModel(specPath: string): string {
  const runsDirs = runsDirsAbove(specPath);
  const folders = runsDirs.flatMap((runs) => readdirSync(runs, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(runs, d.name)));
  const own = specRunsNewestFirst(specPath, folders.map((folder) => ({ folder, specFile: specFileOf(folder) })));
  const model = own.map((folder) => join(folder, 'model.json')).find((m) => existsSync(m));
  if (!model) throw new UsageError(`no saved run of ${specPath} in ${runsDirs.length ? runsDirs.join(', ') : `.backprop-lens/runs beside it or above`}; train it first or pass --init MODEL.json`, 1);
  return model;
}

/** The model (--init, or the latest run's) as ONNX of the spec: raw features in, normalisation inside the graph. */
function exportOnnx(specPath: string, opts: ExportOptions, io: Output): number {
  const spec = readValidSpec(specPath);
  const path = opts.init ?? latestRunModel(specPath);
  const { model } = readModel(path);
  const bytes = withModelShapes(path, () => encodeOnnx(onnxModelOf(model, spec)));
  mkdirSync(dirname(resolve(opts.out!)), { recursive: true });
  writeFileSync(opts.out!, bytes);
  io.out(`Wrote ${opts.out} (ONNX opset 13, input "features", output "${model.task === 'classification' ? 'probabilities' : 'outputs'}") from ${path}.`);
  return 0;
}

export function exportCommand(specPath: string, opts: ExportOptions, io: Output): number {
  if (opts.to !== 'pytorch' && opts.to !== 'onnx') throw new UsageError(`--to needs "pytorch" or "onnx", got ${opts.to === undefined ? 'nothing' : `"${opts.to}"`}`, 2);
  if (!opts.out) throw new UsageError(`--out ${opts.to === 'onnx' ? 'MODEL.onnx' : 'DIR'} is needed`, 2);
  if (opts.to === 'onnx') return exportOnnx(specPath, opts, io);
  const init = opts.init ? readModel(opts.init) : undefined;
  const savedNormalization = init?.mapping.normalization; // --init: features mapped as train --init maps them
  const { spec, dataset } = prepare(specPath, { memoryBudgetBytes: opts.memoryBudgetBytes, savedNormalization });
  const initial = init ? init.params : parametersOf(networkFromSpec(spec, new Rng(spec.seed ?? DEFAULTS.seed)));
  const outDir = resolve(opts.out);
  const runsDir = runsDirsAbove(specPath)[0] ?? join(dirname(resolve(specPath)), '.backprop-lens', 'runs'); // the nearest, as the spec's runs are found
  const lensRuns = lensRunsOf(specPath, outDir, runsDir);
  const project = withModelShapes(opts.init, () => pytorchProject({ spec, dataset, initial, dataPaths: exportDataPaths(spec, specPath, outDir), savedNormalization, lensRuns }));
  const files = [...project, ...lensPackageFiles()];
  for (const file of files) {
    mkdirSync(dirname(join(outDir, file.path)), { recursive: true });
    writeFileSync(join(outDir, file.path), file.text);
  }
  io.out(`Wrote a PyTorch project to ${opts.out} (${project.map((f) => f.path).join(', ')}, backprop_lens/); run: python3 ${join(opts.out, 'train.py')} (the lens records into ${join(opts.out, lensRuns.dir)})`);
  return 0;
}
