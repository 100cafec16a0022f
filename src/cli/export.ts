/** backprop-lens export: the spec and its weights as a PyTorch project (--to pytorch) or an ONNX model (--to onnx). */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { onnxModelOf } from '../engine/export/onnx-graph';
import { pytorchProject } from '../engine/export/pytorch-project';
import { inputMappingFromModelJson, parametersFromModelJson, type InputMapping, type ModelJson } from '../engine/model';
import { encodeOnnx } from '../node/onnx';
import { Rng } from '../engine/rng';
import type { NetworkSpec } from '../engine/spec/types';
import { DEFAULTS, isCsvData, isIdxData } from '../engine/spec/types';
import { networkFromSpec, parametersOf } from '../engine/trainer';
import type { LayerParameters } from '../engine/training-types';
import { prepare, UsageError, type Output } from './commands';

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

/** model.json of the spec's newest run in the default run folder beside it (.backprop-lens/runs/<spec>-<time>/). */
function latestRunModel(specPath: string): string {
  const runs = join(dirname(resolve(specPath)), '.backprop-lens', 'runs');
  const prefix = `${basename(specPath).replace(/\.nn\.json$/i, '').replace(/\.json$/i, '')}-`;
  const models = (existsSync(runs) ? readdirSync(runs) : []).filter((d) => d.startsWith(prefix)).map((d) => join(runs, d, 'model.json')).filter((m) => existsSync(m));
  if (!models.length) throw new UsageError(`no saved run of ${specPath} in ${runs}; train it first or pass --init MODEL.json`, 1);
  return models.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

/** The model (--init, or the latest run's) as ONNX: raw features in, normalisation inside the graph. */
function exportOnnx(specPath: string, opts: ExportOptions, io: Output): number {
  const path = opts.init ?? latestRunModel(specPath);
  const { model } = readModel(path);
  mkdirSync(dirname(resolve(opts.out!)), { recursive: true });
  writeFileSync(opts.out!, encodeOnnx(onnxModelOf(model)));
  io.out(`Wrote ${opts.out} (ONNX opset 13, input "features", output "${model.task === 'classification' ? 'probabilities' : 'outputs'}") from ${path}.`);
  return 0;
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
  if (opts.to !== 'pytorch' && opts.to !== 'onnx') throw new UsageError(`--to needs "pytorch" or "onnx", got ${opts.to === undefined ? 'nothing' : `"${opts.to}"`}`, 2);
  if (!opts.out) throw new UsageError(`--out ${opts.to === 'onnx' ? 'MODEL.onnx' : 'DIR'} is needed`, 2);
  if (opts.to === 'onnx') return exportOnnx(specPath, opts, io);
  const init = opts.init ? readModel(opts.init) : undefined;
  const savedNormalization = init?.mapping.normalization; // --init: features mapped as train --init maps them
  const { spec, dataset } = prepare(specPath, { memoryBudgetBytes: opts.memoryBudgetBytes, savedNormalization });
  const initial = init ? init.params : parametersOf(networkFromSpec(spec, new Rng(spec.seed ?? DEFAULTS.seed)));
  const outDir = resolve(opts.out);
  const files = pytorchProject({ spec, dataset, initial, dataPaths: dataPathsFrom(spec, specPath, outDir), savedNormalization });
  for (const file of files) {
    mkdirSync(dirname(join(outDir, file.path)), { recursive: true });
    writeFileSync(join(outDir, file.path), file.text);
  }
  io.out(`Wrote a PyTorch project to ${opts.out} (${files.map((f) => f.path).join(', ')}); run: python3 ${join(opts.out, 'train.py')}`);
  return 0;
}
