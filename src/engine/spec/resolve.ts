/** resolveSpec: a valid spec with every optional setting filled from DEFAULTS. */
import {
  BuiltinDataSpec, CsvDataSpec, DEFAULTS, DataSpec, GradientCheckSpec, IdxDataSpec, InitName, NetworkSpec, NormalizeName,
  OptimizerSpec, Precision, TrainingSpec, isBuiltinData, isCsvData,
} from './types';

type ResolvedDataSpec =
  | (BuiltinDataSpec & { samples: number; noise: number; testFraction: number })
  | (CsvDataSpec & { testFraction: number; normalize: NormalizeName })
  | (IdxDataSpec & { testFraction: number });

/** NetworkSpec with defaults filled in (training.threads stays optional: it depends on the machine). */
export interface ResolvedSpec extends NetworkSpec {
  seed: number;
  data: ResolvedDataSpec;
  init: InitName;
  optimizer: Required<OptimizerSpec>;
  training: TrainingSpec & { shuffle: boolean };
  regularization: { l2: number };
  gradientCheck: Required<GradientCheckSpec>;
  precision: Precision;
}

/** CSV features are used as they are unless the spec says otherwise (as data/csv.ts does). */
const DEFAULT_NORMALIZE: NormalizeName = 'none';

function resolveData(data: DataSpec): ResolvedDataSpec {
  const testFraction = data.testFraction ?? DEFAULTS.testFraction;
  if (isBuiltinData(data)) {
    return { ...data, samples: data.samples ?? DEFAULTS.builtinSamples, noise: data.noise ?? DEFAULTS.builtinNoise, testFraction };
  }
  if (isCsvData(data)) return { ...data, testFraction, normalize: data.normalize ?? DEFAULT_NORMALIZE };
  return { ...data, testFraction };
}

/** The spec with defaults filled; the input is not modified. Assumes a spec without validation errors. */
export function resolveSpec(spec: NetworkSpec): ResolvedSpec {
  const { optimizer, gradientCheck = {} } = spec;
  return {
    ...spec,
    seed: spec.seed ?? DEFAULTS.seed,
    data: resolveData(spec.data),
    layers: spec.layers.map((layer) => ({ ...layer })),
    init: spec.init ?? DEFAULTS.init,
    optimizer: {
      ...optimizer,
      momentum: optimizer.momentum ?? DEFAULTS.momentum,
      beta1: optimizer.beta1 ?? DEFAULTS.beta1,
      beta2: optimizer.beta2 ?? DEFAULTS.beta2,
      epsilon: optimizer.epsilon ?? DEFAULTS.adamEpsilon,
    },
    training: { ...spec.training, shuffle: spec.training.shuffle ?? true },
    regularization: { l2: spec.regularization?.l2 ?? DEFAULTS.l2 },
    gradientCheck: {
      epsilon: gradientCheck.epsilon ?? DEFAULTS.gradcheckEpsilon,
      samples: gradientCheck.samples ?? DEFAULTS.gradcheckSamples,
      maxEntries: gradientCheck.maxEntries ?? DEFAULTS.gradcheckMaxEntries,
    },
    precision: spec.precision ?? DEFAULTS.precision,
  };
}
