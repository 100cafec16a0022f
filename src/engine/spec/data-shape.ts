/** The data's shape as validation sees it: from the caller's SpecContext, or computed for builtin sets. */
import type { SpecContext, SpecDataInfo } from './diagnostics';
import { SpecView } from './spec-view';
import { BUILTIN_DATA, BuiltinDataName, DEFAULTS } from './types';

/** Feature and target counts of each builtin set: validation checks against them, data/synthetic.ts builds them. */
export const BUILTIN_SHAPES: Record<BuiltinDataName, Omit<SpecDataInfo, 'sampleCount'>> = {
  xor: { inputSize: 2, outputSize: 2, task: 'classification', classCount: 2 },
  circle: { inputSize: 2, outputSize: 2, task: 'classification', classCount: 2 },
  spiral: { inputSize: 2, outputSize: 2, task: 'classification', classCount: 2 },
  gauss: { inputSize: 2, outputSize: 2, task: 'classification', classCount: 2 },
  moons: { inputSize: 2, outputSize: 2, task: 'classification', classCount: 2 },
  sine: { inputSize: 1, outputSize: 1, task: 'regression' },
};

/** round(count · testFraction) samples go to test, as data/split.ts does. */
export function splitCounts(count: number, testFraction: number): { train: number; test: number } {
  const test = Math.round(count * testFraction);
  return { train: count - test, test };
}

/** Total samples and testFraction of a builtin spec, with defaults; undefined if those are not valid numbers yet. */
export function builtinSampling(view: SpecView): { samples: number; testFraction: number } | undefined {
  const samples = view.has(['data', 'samples']) ? view.number(['data', 'samples']) : DEFAULTS.builtinSamples;
  const testFraction = view.has(['data', 'testFraction']) ? view.number(['data', 'testFraction']) : DEFAULTS.testFraction;
  if (samples === undefined || testFraction === undefined || !Number.isInteger(samples) || samples < 2) return undefined;
  if (testFraction < 0 || testFraction >= 1) return undefined;
  return { samples, testFraction };
}

/** The data shape: the caller's if given, else the builtin set's (with its training-sample count), else undefined. */
export function dataShape(view: SpecView, context: SpecContext | undefined): SpecDataInfo | undefined {
  if (context?.dataInfo) return context.dataInfo;
  const builtin = view.string(['data', 'builtin']) as BuiltinDataName | undefined;
  if (builtin === undefined || !BUILTIN_DATA.includes(builtin)) return undefined;
  const sampling = builtinSampling(view);
  const sampleCount = sampling ? splitCounts(sampling.samples, sampling.testFraction).train : undefined;
  return { ...BUILTIN_SHAPES[builtin], ...(sampleCount !== undefined ? { sampleCount } : {}) };
}

/** "the xor data" or "the data", for messages. */
export function dataName(view: SpecView, context: SpecContext | undefined): string {
  const builtin = view.string(['data', 'builtin']);
  return !context?.dataInfo && builtin ? `the ${builtin} data` : 'the data';
}
