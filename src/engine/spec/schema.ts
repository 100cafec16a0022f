/**
 * The JSON Schema (draft-07) of `*.nn.json` specs, written as a TypeScript object checked against types.ts;
 * scripts/gen-schema.mjs writes it to schemas/nnspec.schema.json (the format), and its editor form (editor-schema.ts) to
 * schemas/nnspec.editor.schema.json for VS Code's jsonValidation.
 */
import { editorSchema } from './editor-schema';
import { JsonSchema, objectSchema } from './schema-types';
import { INIT_DOCS, LOSS_DOCS, OPTIMIZER_DOCS, PRECISION_DOCS } from './schema-docs';
import { dataSchema, described, enumSchema, layersSchema } from './schema-data';
import {
  DEFAULTS, GradientCheckSpec, INITS, LOSSES, NetworkSpec, OPTIMIZERS, OptimizerSpec, Precision, TrainingSpec,
} from './types';

/** Precision has no exported name list: its doc record (complete by type) provides one. */
const PRECISIONS = Object.keys(PRECISION_DOCS) as Precision[];
const MAX_SEED = 4_294_967_295;

/** A number in [0, 1) such as a decay rate. */
const decay = (text: string, defaultValue: number): JsonSchema => ({ type: 'number', minimum: 0, exclusiveMaximum: 1, default: defaultValue, ...described(text) });

const optimizerSchema = objectSchema<OptimizerSpec>()({
  ...described('How ∂E/∂W (BP4) and ∂E/∂b (BP3) update the parameters.'),
  properties: {
    type: enumSchema(OPTIMIZERS, OPTIMIZER_DOCS, 'The update rule.'),
    learningRate: {
      type: 'number', exclusiveMinimum: 0, default: 0.1,
      ...described('Step size η > 0. Typical: 0.01–1 for sgd, 0.001–0.01 for adam; too large makes the loss explode.'),
    },
    momentum: decay('momentum only: velocity decay μ in [0, 1).', DEFAULTS.momentum),
    beta1: decay('adam only: decay β1 of the first-moment average, in [0, 1).', DEFAULTS.beta1),
    beta2: decay('adam only: decay β2 of the second-moment average, in [0, 1).', DEFAULTS.beta2),
    epsilon: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: DEFAULTS.adamEpsilon, ...described('adam only: ε added to √v̂ to avoid dividing by 0.') },
  },
  required: ['type', 'learningRate'],
  defaultSnippets: [
    { label: 'sgd', body: { type: 'sgd', learningRate: 0.1 } },
    { label: 'momentum', body: { type: 'momentum', learningRate: 0.05, momentum: 0.9 } },
    { label: 'adam', body: { type: 'adam', learningRate: 0.001 } },
  ],
});

const trainingSchema = objectSchema<TrainingSpec>()({
  ...described('How long and in what batches to train; the gradient is averaged over each mini-batch.'),
  properties: {
    epochs: { type: 'integer', minimum: 1, maximum: 1_000_000, default: 100, ...described('Passes over the training set.') },
    batchSize: { type: 'integer', minimum: 1, maximum: 10_000_000, default: 16, ...described('Samples per mini-batch (the columns of the batch matrices); at most the training-set size.') },
    shuffle: { type: 'boolean', default: true, ...described('Shuffle the training set (seeded) each epoch.') },
    threads: { type: 'integer', minimum: 1, maximum: 256, ...described('Worker threads for the fast path (default: available cores).') },
  },
  required: ['epochs', 'batchSize'],
});

const gradientCheckSchema = objectSchema<GradientCheckSpec>()({
  ...described('Centered finite differences compared with backprop per layer for W^l, b^l and δ^l (relative error ≤ 1e-7 pass, ≤ 1e-4 warn).'),
  properties: {
    epsilon: { type: 'number', exclusiveMinimum: 0, maximum: 0.1, default: DEFAULTS.gradcheckEpsilon, ...described('Perturbation h in (E(θ+h) − E(θ−h)) / 2h.') },
    samples: { type: 'integer', minimum: 1, maximum: 1000, default: DEFAULTS.gradcheckSamples, ...described('Training samples used by the check.') },
    maxEntries: { type: 'integer', minimum: 1, maximum: 1_000_000, default: DEFAULTS.gradcheckMaxEntries, ...described('Maximum entries checked per tensor (biases always included).') },
  },
  required: [],
});

const regularizationSchema = objectSchema<NonNullable<NetworkSpec['regularization']>>()({
  ...described('Weight decay.'),
  properties: {
    l2: { type: 'number', minimum: 0, default: DEFAULTS.l2, ...described('L2 weight decay λ: each step adds λW to ∂E/∂W, the gradient of λ/2·‖W‖² (biases are not decayed). The reported loss and the gradient check are the data loss E alone, without λ/2·‖W‖².') },
  },
  required: [],
});

const rootSchema = objectSchema<NetworkSpec>()({
  title: 'Backprop Lens network spec (*.nn.json)',
  ...described('A neural network, its data and its training, for Backprop Lens. JSON with comments and trailing commas.'),
  allowComments: true,
  allowTrailingCommas: true,
  properties: {
    $schema: { type: 'string', ...described('The schema this file follows (optional; the extension associates *.nn.json anyway).') },
    name: { type: 'string', ...described('A name for runs and saved models.') },
    seed: { type: 'integer', minimum: 0, maximum: MAX_SEED, default: DEFAULTS.seed, ...described('Seed of every random choice (data, split, initialisation, shuffling): same spec and seed, same losses.') },
    data: dataSchema,
    layers: layersSchema,
    loss: enumSchema(LOSSES, LOSS_DOCS, 'The error E(a^L, y); its gradient ∇_a E starts BP1.', 'The error `E(a^L, y)`; its gradient `∇_a E` starts BP1: `δ^L = ∇_a E ⊙ σ\'(z^L)`.'),
    init: { ...enumSchema(INITS, INIT_DOCS, 'How W^l is initialised (biases start at 0).'), default: DEFAULTS.init },
    optimizer: optimizerSchema,
    training: trainingSchema,
    regularization: regularizationSchema,
    gradientCheck: gradientCheckSchema,
    precision: { ...enumSchema(PRECISIONS, PRECISION_DOCS, 'Floating-point precision of training.'), default: DEFAULTS.precision },
  },
  required: ['data', 'layers', 'loss', 'optimizer', 'training'],
  defaultSnippets: [{
    label: 'XOR network',
    description: 'A small spec that trains as is',
    body: {
      name: 'xor', seed: 1,
      data: { builtin: 'xor', samples: 400, noise: 0.1, testFraction: 0.2 },
      layers: [{ units: 2 }, { units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }],
      loss: 'cross_entropy', init: 'xavier',
      optimizer: { type: 'sgd', learningRate: 0.3 },
      training: { epochs: 200, batchSize: 16 },
    },
  }],
});

/** The spec schema; the single source of schemas/nnspec.schema.json. */
export const NN_SPEC_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://backprop-lens.github.io/schemas/nnspec.schema.json',
  ...rootSchema,
};

/** The exact text of schemas/nnspec.schema.json. */
export function schemaJsonText(): string {
  return `${JSON.stringify(NN_SPEC_SCHEMA, null, 2)}\n`;
}

/** The exact text of schemas/nnspec.editor.schema.json (what VS Code's JSON support gets; see editor-schema.ts). */
export function editorSchemaJsonText(): string {
  const schema = { ...editorSchema(NN_SPEC_SCHEMA), $id: 'https://backprop-lens.github.io/schemas/nnspec.editor.schema.json' };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
