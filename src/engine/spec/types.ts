/** The spec format (`*.nn.json`): a contract shared by the engine, CLI, extension and schema. */

export type ActivationName = 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'linear' | 'softmax';
export type LossName = 'mse' | 'cross_entropy';
export type InitName = 'xavier' | 'he';
export type OptimizerType = 'sgd' | 'momentum' | 'adam';
export type NormalizeName = 'none' | 'standardize' | 'minmax';
export type BuiltinDataName = 'xor' | 'circle' | 'spiral' | 'gauss' | 'moons' | 'sine';
export type Precision = 'float32' | 'float64';

export const ACTIVATIONS: readonly ActivationName[] = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'linear', 'softmax'];
export const LOSSES: readonly LossName[] = ['mse', 'cross_entropy'];
export const INITS: readonly InitName[] = ['xavier', 'he'];
export const OPTIMIZERS: readonly OptimizerType[] = ['sgd', 'momentum', 'adam'];
export const NORMALIZATIONS: readonly NormalizeName[] = ['none', 'standardize', 'minmax'];
export const BUILTIN_DATA: readonly BuiltinDataName[] = ['xor', 'circle', 'spiral', 'gauss', 'moons', 'sine'];

export interface BuiltinDataSpec {
  builtin: BuiltinDataName;
  /** Total number of samples generated (train + test). */
  samples?: number;
  /** Noise level (standard deviation, in the set's own units). */
  noise?: number;
  testFraction?: number;
}

export interface CsvDataSpec {
  /** Path relative to the spec file. */
  csv: string;
  /** Name of the target column. */
  target: string;
  /** Optional test CSV (same header); otherwise testFraction splits the training file. */
  testCsv?: string;
  testFraction?: number;
  normalize?: NormalizeName;
  /** "classification" (default for string targets) or "regression". */
  task?: 'classification' | 'regression';
}

export interface IdxDataSpec {
  idx: { trainImages: string; trainLabels: string; testImages?: string; testLabels?: string };
  testFraction?: number;
  /** Use only the first N training samples (quick experiments). */
  limit?: number;
}

export type DataSpec = BuiltinDataSpec | CsvDataSpec | IdxDataSpec;

export interface InputLayerSpec { units: number }
export interface DenseLayerSpec { units: number; activation: ActivationName; name?: string }
export type LayerSpec = InputLayerSpec | DenseLayerSpec;

export interface OptimizerSpec {
  type: OptimizerType;
  learningRate: number;
  /** momentum: velocity decay μ (default 0.9). */
  momentum?: number;
  /** adam: β1 (default 0.9), β2 (default 0.999), ε (default 1e-8). */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export interface TrainingSpec {
  epochs: number;
  batchSize: number;
  /** Shuffle the training set each epoch (default true). */
  shuffle?: boolean;
  /** Worker threads for the fast path (default: available cores). */
  threads?: number;
}

export interface GradientCheckSpec {
  epsilon?: number;
  samples?: number;
  /** Maximum entries checked per tensor (biases always included). */
  maxEntries?: number;
}

export interface NetworkSpec {
  $schema?: string;
  name?: string;
  seed?: number;
  data: DataSpec;
  layers: LayerSpec[];
  loss: LossName;
  init?: InitName;
  optimizer: OptimizerSpec;
  training: TrainingSpec;
  regularization?: { l2?: number };
  gradientCheck?: GradientCheckSpec;
  precision?: Precision;
}

export const DEFAULTS = {
  seed: 1,
  init: 'xavier' as InitName,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  adamEpsilon: 1e-8,
  l2: 0,
  gradcheckEpsilon: 1e-5,
  gradcheckSamples: 3,
  gradcheckMaxEntries: 20,
  builtinSamples: 400,
  builtinNoise: 0,
  testFraction: 0,
  precision: 'float64' as Precision,
} as const;

export function isBuiltinData(d: DataSpec): d is BuiltinDataSpec { return 'builtin' in d; }
export function isCsvData(d: DataSpec): d is CsvDataSpec { return 'csv' in d; }
export function isIdxData(d: DataSpec): d is IdxDataSpec { return 'idx' in d; }
