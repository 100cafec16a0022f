// Spec files the e2e checks add to the workspace copy of examples/: one that trains for a long time, one that is invalid.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Trains long enough (many epochs, small batches) to watch it run, pause, resume and stop. */
const LONG_RUN_SPEC = {
  name: 'e2e long run',
  seed: 7,
  data: { builtin: 'spiral', samples: 300, noise: 0.3 }, // overlapping arms: the loss stays visible
  layers: [{ units: 2 }, { units: 16, activation: 'tanh' }, { units: 8, activation: 'relu' }, { units: 2, activation: 'softmax' }],
  loss: 'cross_entropy',
  optimizer: { type: 'adam', learningRate: 0.01 },
  training: { epochs: 1000000, batchSize: 16 },
  gradientCheck: { samples: 2 },
};
export const LONG_RUN_FILE = 'e2e-long-run.nn.json';
/** Dense layers of LONG_RUN_SPEC: the monitor shows one δ heatmap for each. */
export const LONG_RUN_DENSE_LAYERS = LONG_RUN_SPEC.layers.length - 1;

/** examples/circle.nn.json under its own name: 100 epochs of 20 mini-batches, about 0.1 s of training (2 000 steps). */
const SHORT_RUN_SPEC = {
  name: 'e2e short run',
  seed: 1,
  data: { builtin: 'circle', samples: 400, noise: 0.05, testFraction: 0.2 },
  layers: [{ units: 2 }, { units: 8, activation: 'tanh' }, { units: 8, activation: 'tanh' }, { units: 2, activation: 'softmax' }],
  loss: 'cross_entropy',
  init: 'xavier',
  optimizer: { type: 'sgd', learningRate: 0.05 },
  training: { epochs: 100, batchSize: 16 },
};
export const SHORT_RUN_FILE = 'e2e-short-run.nn.json';
export const SHORT_RUN_EPOCHS = SHORT_RUN_SPEC.training.epochs;
export const SHORT_RUN_DENSE_LAYERS = SHORT_RUN_SPEC.layers.length - 1;

/** Invalid on purpose: an activation that does not exist and a negative learning rate. */
export const BROKEN_FILE = 'e2e-broken.nn.json';
const BROKEN_TEXT = `{
  "name": "e2e broken",
  "data": { "builtin": "xor" },
  "layers": [{ "units": 2 }, { "units": 4, "activation": "banana" }, { "units": 1, "activation": "sigmoid" }],
  "loss": "mse",
  "optimizer": { "type": "sgd", "learningRate": -1 },
  "training": { "epochs": 10, "batchSize": 4 }
}
`;

/** Writes the three files into the workspace folder. */
export function writeE2eSpecs(workspaceDir: string): void {
  writeFileSync(join(workspaceDir, LONG_RUN_FILE), `${JSON.stringify(LONG_RUN_SPEC, null, 2)}\n`);
  writeFileSync(join(workspaceDir, SHORT_RUN_FILE), `${JSON.stringify(SHORT_RUN_SPEC, null, 2)}\n`);
  writeFileSync(join(workspaceDir, BROKEN_FILE), BROKEN_TEXT);
}
