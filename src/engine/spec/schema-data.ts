/** Schema parts for `data` and `layers`, each checked against its TypeScript type by objectSchema<T>(). */
import { JsonSchema, objectSchema } from './schema-types';
import { ACTIVATION_DOCS, BUILTIN_DOCS, Doc, NORMALIZE_DOCS } from './schema-docs';
import {
  ACTIVATIONS, BUILTIN_DATA, BuiltinDataSpec, CsvDataSpec, DEFAULTS, DenseLayerSpec, IdxDataSpec, InputLayerSpec, NORMALIZATIONS,
} from './types';

/** description + markdownDescription from one text (Markdown falls back to the plain text). */
export function described(text: string, markdown = text): Pick<JsonSchema, 'description' | 'markdownDescription'> {
  return { description: text, markdownDescription: markdown };
}

/** A string enum over `names` with one teaching line per value. */
export function enumSchema<N extends string>(names: readonly N[], docs: Record<N, Doc>, text: string, markdown?: string): JsonSchema {
  return {
    type: 'string',
    ...described(text, markdown),
    enum: names,
    enumDescriptions: names.map((name) => docs[name].text),
    markdownEnumDescriptions: names.map((name) => docs[name].markdown),
  };
}

const MAX_UNITS = 100_000;
const MAX_SAMPLES = 10_000_000;

const testFraction: JsonSchema = {
  type: 'number', minimum: 0, exclusiveMaximum: 1, default: DEFAULTS.testFraction,
  ...described('Share of the samples held out as a seeded test split, in [0, 1); 0 trains on everything.'),
};

const relativePath = (what: string): JsonSchema => ({ type: 'string', minLength: 1, ...described(`${what}, relative to the spec file.`) });

const builtinData = objectSchema<BuiltinDataSpec>()({
  title: 'Built-in data set',
  ...described('A seeded 2-D toy set like TensorFlow Playground\'s, or 1-D sine regression.'),
  properties: {
    builtin: enumSchema(BUILTIN_DATA, BUILTIN_DOCS, 'Which built-in data set.'),
    samples: { type: 'integer', minimum: 2, maximum: MAX_SAMPLES, default: DEFAULTS.builtinSamples, ...described('Samples generated in total (train + test).') },
    noise: { type: 'number', minimum: 0, default: DEFAULTS.builtinNoise, ...described('Noise level: standard deviation in the set\'s own units.') },
    testFraction,
  },
  required: ['builtin'],
});

const csvData = objectSchema<CsvDataSpec>()({
  title: 'CSV file',
  ...described('A CSV file with a header row: numeric feature columns and one target column.'),
  properties: {
    csv: relativePath('Training CSV file'),
    target: { type: 'string', minLength: 1, ...described('Name of the target column (string or integer classes are one-hot encoded).') },
    testCsv: relativePath('Optional test CSV file with the same header; replaces testFraction'),
    testFraction,
    normalize: enumSchema(NORMALIZATIONS, NORMALIZE_DOCS, 'Feature scaling; statistics come from the training split only and are saved with the model.'),
    task: { type: 'string', enum: ['classification', 'regression'], ...described('classification (default for string targets) or regression (numeric targets, mse loss).') },
  },
  required: ['csv', 'target'],
});

const idxFiles = objectSchema<IdxDataSpec['idx']>()({
  ...described('IDX (MNIST format) files, gzipped or not; Fashion-MNIST lives in /usr/share/datasets/fashion-mnist/.'),
  properties: {
    trainImages: relativePath('Training images (IDX3)'),
    trainLabels: relativePath('Training labels (IDX1)'),
    testImages: relativePath('Test images (IDX3); give testLabels too'),
    testLabels: relativePath('Test labels (IDX1); give testImages too'),
  },
  required: ['trainImages', 'trainLabels'],
  dependencies: { testImages: ['testLabels'], testLabels: ['testImages'] },
});

const idxData = objectSchema<IdxDataSpec>()({
  title: 'IDX image files',
  ...described('Image data in the IDX format (MNIST, Fashion-MNIST): pixels scaled to [0, 1], one input per pixel.'),
  properties: {
    idx: idxFiles,
    testFraction,
    limit: { type: 'integer', minimum: 1, ...described('Use only the first N training samples (quick experiments).') },
  },
  required: ['idx'],
});

export const dataSchema: JsonSchema = {
  ...described(
    'Where the samples come from: exactly one of "builtin", "csv" or "idx".',
    'Where the samples come from: exactly one of `"builtin"` (toy sets), `"csv"` (a file with a header row) or `"idx"` (MNIST-format images).',
  ),
  oneOf: [builtinData, csvData, idxData],
  defaultSnippets: [
    { label: 'builtin', description: 'A built-in toy set', body: { builtin: '${1|xor,circle,spiral,gauss,moons,sine|}', samples: 400, noise: 0.1, testFraction: 0.2 } },
    { label: 'csv', description: 'A CSV file', body: { csv: '${1:data.csv}', target: '${2:label}', testFraction: 0.2, normalize: 'standardize' } },
  ],
};

const units = (text: string): JsonSchema => ({ type: 'integer', minimum: 1, maximum: MAX_UNITS, ...described(text) });

const inputLayer = objectSchema<InputLayerSpec>()({
  title: 'Input layer',
  ...described('layers[0] is the input layer: units only (one per feature); it has no weights and no activation.'),
  properties: { units: units('Number of input features: must equal the data\'s feature count.') },
  required: ['units'],
});

const denseLayer = objectSchema<DenseLayerSpec>()({
  title: 'Dense layer',
  ...described('A fully connected layer: z^l = W^l a^(l−1) + b^l, a^l = σ(z^l).'),
  properties: {
    units: units('Number of neurons j in this layer (rows of W^l).'),
    activation: enumSchema(ACTIVATIONS, ACTIVATION_DOCS, 'σ applied elementwise to z^l; σ\'(z^l) is the factor in BP1 and BP2.'),
    name: { type: 'string', ...described('Optional label shown in the monitor.') },
  },
  required: ['units', 'activation'],
  defaultSnippets: [{ label: 'dense layer', body: { units: '^${1:8}', activation: '${2|relu,tanh,sigmoid,leaky_relu,linear,softmax|}' } }],
});

export const layersSchema: JsonSchema = {
  type: 'array',
  ...described(
    'The network, input first: layers[0] = { "units": features }, then dense layers; the last one is the output layer.',
    'The network, input first: `layers[0]` = `{ "units": <features> }`, then dense layers with an activation; the last one is the output layer (L).',
  ),
  items: [inputLayer],
  additionalItems: denseLayer,
  minItems: 2,
};
