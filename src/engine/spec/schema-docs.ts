/** Teaching texts for the schema's enum values: one entry per name, so a new name without a text fails to compile. */
import type { ActivationName, BuiltinDataName, InitName, LossName, NormalizeName, OptimizerType, Precision } from './types';

/** A plain-text line (for `enumDescriptions`) and its Markdown form (for hovers and completion). */
export interface Doc { text: string; markdown: string }

function doc(text: string, markdown: string): Doc { return { text, markdown }; }

/** a^l = σ(z^l) and σ'(z^l), the factor BP1 and BP2 multiply by. */
export const ACTIVATION_DOCS: Record<ActivationName, Doc> = {
  sigmoid: doc(
    "sigmoid: σ(z) = 1/(1+e^(−z)), σ'(z) = σ(z)(1−σ(z)) ≤ 0.25. Output in (0, 1); saturates for large |z|, shrinking δ.",
    "**sigmoid** — `σ(z) = 1/(1 + e^(−z))`, `σ'(z) = σ(z)(1 − σ(z)) ≤ 0.25`.\n\nOutput in (0, 1). For large |z| σ' ≈ 0, so δ^l = ((W^{l+1})ᵀδ^{l+1}) ⊙ σ'(z^l) shrinks layer by layer (vanishing gradients).",
  ),
  tanh: doc(
    "tanh: σ(z) = tanh z, σ'(z) = 1 − tanh²(z) ≤ 1. Output in (−1, 1), zero-centred.",
    "**tanh** — `σ(z) = tanh z = (e^z − e^(−z))/(e^z + e^(−z))`, `σ'(z) = 1 − tanh²(z) ≤ 1`.\n\nOutput in (−1, 1), zero-centred; saturates like sigmoid but its slope at 0 is 1, four times sigmoid's.",
  ),
  relu: doc(
    "relu: σ(z) = max(0, z), σ'(z) = 1 if z > 0 else 0. A unit whose z stays ≤ 0 is dead: σ' = 0 stops its δ.",
    "**relu** — `σ(z) = max(0, z)`, `σ'(z) = 1` if z > 0, else `0`.\n\nNo saturation for z > 0; a unit with z ≤ 0 on every sample is *dead*: σ' = 0 zeroes its δ and it stops learning. Pair with `\"init\": \"he\"`.",
  ),
  leaky_relu: doc(
    "leaky_relu: σ(z) = z if z > 0 else 0.01·z, σ'(z) = 1 or 0.01. Like relu, but units cannot die.",
    "**leaky_relu** — `σ(z) = z` if z > 0, else `0.01·z`; `σ'(z) = 1` or `0.01`.\n\nLike relu, but the small slope keeps δ flowing through negative z, so units cannot die.",
  ),
  linear: doc(
    "linear: σ(z) = z, σ'(z) = 1. For regression outputs (unbounded targets).",
    "**linear** — `σ(z) = z`, `σ'(z) = 1`.\n\nThe identity: use it on the output layer for regression. Hidden linear layers add nothing (a product of linear maps is linear).",
  ),
  softmax: doc(
    "softmax (output layer only): a_j = e^(z_j)/Σ_k e^(z_k), ∂a_j/∂z_k = a_j(δ_jk − a_k). With cross_entropy, δ^L = a − y.",
    "**softmax** (output layer only) — `a_j = e^(z_j) / Σ_k e^(z_k)`, Jacobian `∂a_j/∂z_k = a_j(δ_jk − a_k)`.\n\nNot elementwise, so BP1's Hadamard form does not hold: with `cross_entropy` the fused δ^L = a − y is used, with `mse` the exact Jacobian–vector product. Give it one unit per class.",
  ),
};

/** E(a, y) and ∇_a E, BP1's first factor. */
export const LOSS_DOCS: Record<LossName, Doc> = {
  mse: doc(
    "mse: E = ½‖a − y‖² averaged over the batch; ∇_a E = a − y, so δ^L = (a − y) ⊙ σ'(z^L).",
    "**mse** — `E = ½‖a − y‖²`, averaged over the batch.\n\n`∇_a E = a − y`, so BP1 gives `δ^L = (a − y) ⊙ σ'(z^L)`. The choice for regression; with a saturated sigmoid output σ' ≈ 0 slows learning.",
  ),
  cross_entropy: doc(
    "cross_entropy: sigmoid output (1 unit, or several one-vs-rest) E = −Σ_j [y_j ln a_j + (1−y_j) ln(1−a_j)], ∇_a E = (a−y)/(a(1−a)); softmax E = −Σ_j y_j ln a_j, ∇_a E = −y/a. Both give δ^L = a − y.",
    "**cross_entropy** — over `sigmoid` outputs, per unit binary (one unit, or several as one-vs-rest): `E = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)]`, `∇_a E = (a − y)/(a(1 − a))`; over `softmax`, categorical: `E = −Σ_j y_j ln a_j`, `∇_a E = −y/a`.\n\nEither way σ' cancels and `δ^L = a − y` exactly: no slowdown when the output saturates. Needs a sigmoid or softmax output.",
  ),
};

/** How W^l starts (biases start at 0). */
export const INIT_DOCS: Record<InitName, Doc> = {
  xavier: doc(
    'xavier (Glorot): W ~ N(0, 2/(n_in + n_out)). Keeps the variance of z and δ steady for sigmoid and tanh layers.',
    '**xavier** (Glorot) — `W_jk ~ N(0, 2/(n_in + n_out))`, biases 0.\n\nKeeps the variance of z forward and of δ backward roughly constant for sigmoid and tanh.',
  ),
  he: doc(
    'he: W ~ N(0, 2/n_in). Compensates relu zeroing half its inputs.',
    '**he** — `W_jk ~ N(0, 2/n_in)`, biases 0.\n\nThe factor 2 makes up for relu zeroing about half of its inputs; use with relu and leaky_relu.',
  ),
};

/** The update rule applied to ∂E/∂W (BP4) and ∂E/∂b (BP3). */
export const OPTIMIZER_DOCS: Record<OptimizerType, Doc> = {
  sgd: doc('sgd: θ ← θ − η ∂E/∂θ.', '**sgd** — `θ ← θ − η ∂E/∂θ` (η = `learningRate`).'),
  momentum: doc(
    'momentum: v ← μv − η ∂E/∂θ, θ ← θ + v (μ = momentum, default 0.9).',
    '**momentum** — `v ← μv − η ∂E/∂θ`, `θ ← θ + v` (μ = `momentum`, default 0.9).',
  ),
  adam: doc(
    'adam: m ← β1·m + (1−β1)g, v ← β2·v + (1−β2)g², θ ← θ − η m̂/(√v̂ + ε), with bias-corrected m̂, v̂.',
    '**adam** — `m ← β1·m + (1 − β1)g`, `v ← β2·v + (1 − β2)g²`, `θ ← θ − η m̂/(√v̂ + ε)` with bias-corrected `m̂`, `v̂`. Typical η: 0.001–0.01.',
  ),
};

/** The built-in data sets (seeded, like TensorFlow Playground's). */
export const BUILTIN_DOCS: Record<BuiltinDataName, Doc> = {
  xor: doc('xor: 2 inputs, 2 classes by the sign of x1·x2.', '**xor** — 2 inputs, 2 classes by the sign of x₁·x₂; not linearly separable.'),
  circle: doc('circle: 2 inputs, 2 classes: inside or outside a circle.', '**circle** — 2 inputs, 2 classes: inside or outside a circle.'),
  spiral: doc('spiral: 2 inputs, 2 interleaved spirals.', '**spiral** — 2 inputs, 2 interleaved spirals; the hard one.'),
  gauss: doc('gauss: 2 inputs, 2 Gaussian blobs.', '**gauss** — 2 inputs, 2 Gaussian blobs; linearly separable.'),
  moons: doc('moons: 2 inputs, 2 interleaved half-moons.', '**moons** — 2 inputs, 2 interleaved half-moons (scikit-learn style).'),
  sine: doc('sine: 1 input, 1 regression target y = sin(x).', '**sine** — 1 input, 1 regression target y = sin x: use a `linear` output and `mse`.'),
};

/** Feature scaling, statistics from the training split only. */
export const NORMALIZE_DOCS: Record<NormalizeName, Doc> = {
  none: doc('none: features as they are in the file.', '**none** — features as they are in the file.'),
  standardize: doc('standardize: (x − mean) / std per feature.', '**standardize** — `(x − mean)/std` per feature, statistics from the training split.'),
  minmax: doc('minmax: (x − min) / (max − min) per feature, into [0, 1].', '**minmax** — `(x − min)/(max − min)` per feature, into [0, 1], from the training split.'),
};

export const PRECISION_DOCS: Record<Precision, Doc> = {
  float64: doc('float64: double precision (default; needed for a meaningful gradient check).', '**float64** — double precision (default; the gradient check needs it).'),
  float32: doc('float32: single precision, faster and half the memory.', '**float32** — single precision: faster, half the memory; gradient-check errors near 1e-4 are then normal.'),
};
