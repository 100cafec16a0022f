/** "New Network Spec…" templates: commented specs that validate and train as written (pure: text only). */

export interface SpecTemplate {
  id: string;
  label: string;
  description: string;
  /** The spec text for a spec called `name` (its data files named after it). */
  spec(name: string): string;
  /** Data files written next to the spec when they do not exist yet. */
  files?(name: string): { fileName: string; text: string }[];
}

const TRAINING = (epochs: number, batch: number) => `"training": { "epochs": ${epochs}, "batchSize": ${batch} }`;

const xor = (name: string) => `// XOR: two inputs, two classes, not linearly separable — the smallest network that needs a hidden layer.
// ▶ Train (code lens above), then open the monitor to watch δ^l flow backwards (BP1 → BP2).
{
  "name": ${JSON.stringify(name)},
  "seed": 1,                                  // same seed → same data, weights and loss curve
  "data": { "builtin": "xor", "samples": 400, "testFraction": 0.2 },
  "layers": [
    { "units": 2 },                           // input: x1, x2
    { "units": 8, "activation": "tanh" },     // a^1 = tanh(W^1 a^0 + b^1)
    { "units": 1, "activation": "sigmoid" }   // a^2 = P(class "1")
  ],
  "loss": "cross_entropy",                    // with a sigmoid output: δ^L = a^L − y
  "optimizer": { "type": "sgd", "learningRate": 0.5 },
  ${TRAINING(50, 16)}
}
`;

const spiral = (name: string) => `// Two interleaved spirals: needs depth and a few hundred epochs. Watch ‖δ^l‖ per layer in the monitor.
{
  "name": ${JSON.stringify(name)},
  "seed": 1,
  "data": { "builtin": "spiral", "samples": 400, "noise": 0.1, "testFraction": 0.2 },
  "layers": [
    { "units": 2 },
    { "units": 16, "activation": "tanh" },
    { "units": 16, "activation": "tanh" },
    { "units": 2, "activation": "softmax" }   // one probability per spiral arm
  ],
  "loss": "cross_entropy",                    // softmax + cross-entropy: δ^L = a^L − y (y one-hot)
  "optimizer": { "type": "adam", "learningRate": 0.01 },
  ${TRAINING(300, 16)}
}
`;

const csv = (name: string) => `// A classifier over your own CSV: a header row names the columns, "target" picks the class column,
// every other column is a numeric feature. Replace ${name}.csv with your file and set layers[0].units to
// its feature count (a quick fix offers the right numbers once the data is read).
{
  "name": ${JSON.stringify(name)},
  "seed": 1,
  "data": {
    "csv": ${JSON.stringify(`${name}.csv`)},  // relative to this spec file
    "target": "label",
    "testFraction": 0.25,
    "normalize": "standardize"                // (x − mean) / std, fitted on the training rows
  },
  "layers": [
    { "units": 3 },                           // one unit per feature column
    { "units": 12, "activation": "relu" },
    { "units": 2, "activation": "softmax" }   // one unit per class
  ],
  "loss": "cross_entropy",
  "init": "he",                               // Var(W) = 2 / fan-in suits ReLU
  "optimizer": { "type": "sgd", "learningRate": 0.1 },
  ${TRAINING(100, 8)}
}
`;

const regression = (name: string) => `// Regression: learn y = sin(x) from noisy samples. A linear output gives δ^L = a^L − y with mse.
{
  "name": ${JSON.stringify(name)},
  "seed": 1,
  "data": { "builtin": "sine", "samples": 400, "noise": 0.05, "testFraction": 0.2 },
  "layers": [
    { "units": 1 },                           // input: x
    { "units": 16, "activation": "tanh" },
    { "units": 1, "activation": "linear" }    // output: predicted y
  ],
  "loss": "mse",                              // E = ½‖a − y‖², ∇_a E = a − y
  "optimizer": { "type": "adam", "learningRate": 0.01 },
  ${TRAINING(200, 16)}
}
`;

const fashion = (name: string) => `// Fashion-MNIST: 28×28 greyscale photos of clothes, 10 classes (IDX files, gzip is fine).
// Debian: sudo apt-get install dataset-fashion-mnist (files under /usr/share/datasets/fashion-mnist).
// Files outside the workspace are refused unless you allow them: set "backpropLens.allowDataOutsideWorkspace"
// to true, or copy the four files into the workspace and make the paths relative.
{
  "name": ${JSON.stringify(name)},
  "seed": 1,
  "data": {
    "idx": {
      "trainImages": "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",
      "trainLabels": "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz",
      "testImages": "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz",
      "testLabels": "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz"
    },
    "limit": 10000                            // the first 10,000 training images: remove for all 60,000
  },
  "layers": [
    { "units": 784 },                         // one input per pixel, scaled to [0, 1]
    { "units": 128, "activation": "relu" },
    { "units": 10, "activation": "softmax" }
  ],
  "loss": "cross_entropy",
  "init": "he",
  "optimizer": { "type": "sgd", "learningRate": 0.1 },
  ${TRAINING(5, 64)}
}
`;

/** A small two-class CSV with three features (two shifted clusters), deterministic. */
function sampleCsv(rows = 80): string {
  let state = 12345;
  const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
  const lines = ['x1,x2,x3,label'];
  for (let i = 0; i < rows; i++) {
    const label = i % 2 === 0 ? 'a' : 'b';
    const shift = label === 'a' ? -1 : 1;
    lines.push([shift + next() * 2, shift * 0.5 + next() * 2, next() * 2].map((v) => v.toFixed(3)).join(',') + `,${label}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Nielsen's chapter 5 network (examples/deep-sigmoid.nn.json): five sigmoid hidden layers whose ‖δ^l‖ shrinks toward the input. */
const vanishing = (name: string) => `// Vanishing gradients (Nielsen, chapter 5): five sigmoid hidden layers. BP2, δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ'(z^l),
// multiplies by σ' ≤ ¼ at every layer, so ‖δ^l‖ shrinks layer by layer toward the input and the first layers barely learn.
// ▶ Train, watch "‖δ‖ per layer" in the monitor, then change the hidden "sigmoid"s to "relu" and train again.
{
  "name": ${JSON.stringify(name)},
  "seed": 1,
  "data": { "builtin": "circle", "samples": 400, "noise": 0.05, "testFraction": 0.2 },
  "layers": [
    { "units": 2 },
${Array.from({ length: 5 }, () => '    { "units": 16, "activation": "sigmoid" },').join('\n')}
    { "units": 1, "activation": "sigmoid" }   // P(inside the circle)
  ],
  "loss": "cross_entropy",
  "optimizer": { "type": "sgd", "learningRate": 0.1 },
  ${TRAINING(30, 10)}
}
`;

export const TEMPLATES: readonly SpecTemplate[] = [
  { id: 'xor', label: 'XOR', description: 'builtin data, 1 hidden layer: the smallest useful network', spec: xor },
  { id: 'spiral', label: 'Spiral', description: 'builtin data, 2 hidden layers, adam', spec: spiral },
  { id: 'csv', label: 'CSV classifier', description: 'your own CSV (a sample file is created)', spec: csv, files: (name) => [{ fileName: `${name}.csv`, text: sampleCsv() }] },
  { id: 'regression', label: 'Regression', description: 'y = sin(x), linear output, mse', spec: regression },
  { id: 'fashion-mnist', label: 'Fashion-MNIST', description: 'IDX image files, 784 → 128 → 10', spec: fashion },
  { id: 'vanishing', label: 'Deep sigmoid (vanishing gradients)', description: "Nielsen ch. 5: 5 sigmoid hidden layers, ‖δ^l‖ shrinks toward the input", spec: vanishing },
];

/** A spec name usable as a file name: letters, digits, '-', '_' and '.'. */
export function specNameFrom(input: string): string {
  return input.trim().replace(/\.nn\.json$/i, '').replace(/[^\w.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 60);
}
