/**
 * Seeded built-in data sets. The 2-D classification sets follow TensorFlow Playground's generators
 * (src/dataset.ts: two Gaussians, spiral, circle, XOR) plus scikit-learn-style moons; `sine` is 1-D regression.
 * Class '1' is Playground's positive label, class '0' its negative one.
 */
import { BuiltinDataName, BuiltinDataSpec, DEFAULTS } from '../spec/types';
import { Rng } from '../nn/rng';
import { BUILTIN_SHAPES } from '../spec/data-shape';
import { Dataset, DataError } from './dataset';
import { makeSplit, splitIndices } from './split';

/** Generated points: x sample-major (count × 2), label 0/1 per sample. */
interface Points2D { x: Float64Array; labels: Int32Array }
type Generator2D = (count: number, noise: number, rng: Rng) => Points2D;

/** Builds `count` points by calling `point(i, rng)` → [x1, x2, label]. */
function points(count: number, point: (i: number) => [number, number, number]): Points2D {
  const x = new Float64Array(count * 2);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const [x1, x2, label] = point(i);
    x[2 * i] = x1;
    x[2 * i + 1] = x2;
    labels[i] = label;
  }
  return { x, labels };
}

/** Two Gaussians at (2, 2) (class 1) and (−2, −2) (class 0); variance 0.5 + 7·noise as in Playground. */
const twoGauss: Generator2D = (count, noise, rng) => {
  const sd = Math.sqrt(0.5 + 7 * noise);
  const half = Math.ceil(count / 2);
  return points(count, (i) => {
    const c = i < half ? 2 : -2;
    return [c + sd * rng.normal(), c + sd * rng.normal(), i < half ? 1 : 0];
  });
};

/** Two interleaved spirals r = 5·t, θ = 3.5π·t (+π for class 0); noise moves each point by U(−1, 1)·noise. */
const spiral: Generator2D = (count, noise, rng) => {
  const half = Math.ceil(count / 2);
  return points(count, (i) => {
    const positive = i < half;
    const n = positive ? half : count - half;
    const j = positive ? i : i - half;
    const r = (j / n) * 5;
    const t = ((1.75 * j) / n) * 2 * Math.PI + (positive ? 0 : Math.PI);
    return [r * Math.sin(t) + rng.uniform(-1, 1) * noise, r * Math.cos(t) + rng.uniform(-1, 1) * noise, positive ? 1 : 0];
  });
};

/** A disc of radius 2.5 (class 1) inside a ring 3.5–5 (class 0); the label is taken at a point moved by U(−5, 5)·noise. */
const circle: Generator2D = (count, noise, rng) => {
  const half = Math.ceil(count / 2);
  return points(count, (i) => {
    const r = i < half ? rng.uniform(0, 2.5) : rng.uniform(3.5, 5);
    const angle = rng.uniform(0, 2 * Math.PI);
    const x1 = r * Math.sin(angle);
    const x2 = r * Math.cos(angle);
    const n1 = x1 + rng.uniform(-5, 5) * noise;
    const n2 = x2 + rng.uniform(-5, 5) * noise;
    return [x1, x2, Math.hypot(n1, n2) < 2.5 ? 1 : 0];
  });
};

/** Uniform on [−5, 5]² pushed 0.3 away from the axes; class 1 where x1·x2 ≥ 0 (at a point moved by U(−5, 5)·noise). */
const xor: Generator2D = (count, noise, rng) =>
  points(count, () => {
    let x1 = rng.uniform(-5, 5);
    x1 += x1 > 0 ? 0.3 : -0.3;
    let x2 = rng.uniform(-5, 5);
    x2 += x2 > 0 ? 0.3 : -0.3;
    const n1 = x1 + rng.uniform(-5, 5) * noise;
    const n2 = x2 + rng.uniform(-5, 5) * noise;
    return [x1, x2, n1 * n2 >= 0 ? 1 : 0];
  });

/**
 * Two half moons (scikit-learn's make_moons): upper (cos t, sin t) is class 0, lower (1 − cos t, 0.5 − sin t)
 * class 1, t ~ U(0, π), plus N(0, noise²) per coordinate; then centred and scaled ×3 to Playground's range.
 */
const moons: Generator2D = (count, noise, rng) => {
  const half = Math.ceil(count / 2);
  return points(count, (i) => {
    const t = rng.uniform(0, Math.PI);
    const upper = i < half;
    const m1 = (upper ? Math.cos(t) : 1 - Math.cos(t)) + noise * rng.normal();
    const m2 = (upper ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * rng.normal();
    return [3 * (m1 - 0.5), 3 * (m2 - 0.25), upper ? 0 : 1];
  });
};

const GENERATORS_2D: Record<Exclude<BuiltinDataName, 'sine'>, Generator2D> = { gauss: twoGauss, spiral, circle, xor, moons };

/** y = sin(x) + noise·N(0, 1), x ~ U(−π, π). */
function sine(count: number, noise: number, rng: Rng): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    x[i] = rng.uniform(-Math.PI, Math.PI);
    y[i] = Math.sin(x[i]) + noise * rng.normal();
  }
  return { x, y };
}

/** Checks samples (integer ≥ 2) and noise (finite ≥ 0). */
function checkSizes(spec: BuiltinDataSpec): { count: number; noise: number } {
  const count = spec.samples ?? DEFAULTS.builtinSamples;
  const noise = spec.noise ?? DEFAULTS.builtinNoise;
  if (!Number.isInteger(count) || count < 2 || count > 10_000_000) {
    throw new DataError(`builtin "${spec.builtin}": samples must be an integer from 2 to 10,000,000, got ${String(spec.samples)}`);
  }
  if (typeof noise !== 'number' || !Number.isFinite(noise) || noise < 0) {
    throw new DataError(`builtin "${spec.builtin}": noise must be a number ≥ 0, got ${String(spec.noise)}`);
  }
  return { count, noise };
}

/** Generates the built-in set named in `spec` and splits it by testFraction; same spec and seed → same data. */
export function generateBuiltin(spec: BuiltinDataSpec, seed: number): Dataset {
  const { count, noise } = checkSizes(spec);
  const rng = new Rng(seed);
  if (spec.builtin === 'sine') {
    const { x, y } = sine(count, noise, rng);
    const parts = splitIndices(count, spec.testFraction ?? DEFAULTS.testFraction, rng);
    const { task, inputSize, outputSize } = BUILTIN_SHAPES.sine;
    return {
      name: 'sine', task, inputSize, outputSize,
      classNames: null, featureNames: ['x'], normalization: null,
      train: makeSplit(x, 1, 1, null, y, 1, parts.train),
      test: makeSplit(x, 1, 1, null, y, 1, parts.test),
    };
  }
  const generate = GENERATORS_2D[spec.builtin];
  if (!generate) {
    throw new DataError(`unknown builtin data set "${String(spec.builtin)}"; choose one of xor, circle, spiral, gauss, moons, sine`);
  }
  const { x, labels } = generate(count, noise, rng);
  const parts = splitIndices(count, spec.testFraction ?? DEFAULTS.testFraction, rng);
  const { task, inputSize, outputSize } = BUILTIN_SHAPES[spec.builtin];
  return {
    name: spec.builtin, task, inputSize, outputSize,
    classNames: ['0', '1'], featureNames: ['x1', 'x2'], normalization: null,
    train: makeSplit(x, 2, 1, labels, null, 2, parts.train),
    test: makeSplit(x, 2, 1, labels, null, 2, parts.test),
  };
}
