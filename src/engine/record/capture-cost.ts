/**
 * A model of what the δ record costs, from the network's shapes alone (no clock): the seconds of one training step,
 * of one capture and of one decision-boundary grid, so the record's cadence is the same on a busy or an idle
 * machine. The rates were fitted to single-thread timings (Node 20, x86-64, 2026-12-05) of 2-8-8-2 to
 * 784-256-128-10 networks at batch 10 to 256, the capture's then scaled by 2.5: between training steps a capture reads
 * cold memory, and in a run the clock-timed cadence this model replaces settled at one capture every 42–43 steps on
 * Fashion-MNIST 784-256-128-10 (batch 64, float32, idle machine), i.e. a capture ≈ 0.85 of a step; the model gives 42.
 */
import type { Precision } from '../spec/types';

/** What a run's record cost depends on: layer sizes (input first), batch size and the trainer that runs it. */
export interface RecordShape {
  inputSize: number;
  /** Units of every layer after the input. */
  units: readonly number[];
  batchSize: number;
  trainer: 'fast' | 'reference';
  precision: Precision;
  threads: number;
}

/** Modelled seconds of one training step, one capture (weights held, snapshot, norms, frame) and one boundary grid. */
export interface RecordCosts { stepSeconds: number; captureSeconds: number; boundarySeconds: number }

/** Seconds per multiply-add of a training step: WebAssembly SIMD float32 / float64, the float64 TypeScript trainer. */
const MAC_SECONDS = { f32: 0.06e-9, f64: 0.12e-9, reference: 2e-9 };
/** A step's fixed cost (calls, output stage) and per activation element (σ, σ′, copies in the module). */
const STEP_FIXED_SECONDS = { fast: 8e-6, reference: 10e-6 };
const STEP_SECONDS_PER_ACTIVATION = 2e-9;
/** A capture: fixed, per activation element (z, a, δ, σ′, upstream copied, checked, summed, Float32 frame copies), per weight (held copy and three norms). */
const CAPTURE_FIXED_SECONDS = { fast: 60e-6, reference: 20e-6 };
const CAPTURE_SECONDS_PER_ACTIVATION = 45e-9;
const CAPTURE_SECONDS_PER_WEIGHT = { fast: 2e-9, reference: 12e-9 };
/** A decision-boundary grid: a float64 TypeScript forward pass of 48 × 48 points. */
const BOUNDARY_POINTS = 48 * 48;
const BOUNDARY_SECONDS_PER_MAC = 5e-9;
const BOUNDARY_SECONDS_PER_UNIT = 20e-9;
const BOUNDARY_FIXED_SECONDS = 0.5e-3;

/** Σ_l fanIn_l · units_l: the weights of the network. */
function weightCount(shape: RecordShape): number {
  return shape.units.reduce((sum, u, i) => sum + u * (i === 0 ? shape.inputSize : shape.units[i - 1]), 0);
}

/** Multiply-adds of a step, per sample: forward W·a and BP4 δ·aᵀ over every weight, BP2 Wᵀ·δ above the first layer. */
function stepMultiplyAdds(shape: RecordShape): number {
  return 2 * weightCount(shape) + shape.units.reduce((sum, u, i) => sum + (i === 0 ? 0 : u * shape.units[i - 1]), 0);
}

/** The modelled costs of a run of this shape (a pure function: the same shape gives the same costs). */
export function recordCosts(shape: RecordShape): RecordCosts {
  const weights = weightCount(shape), units = shape.units.reduce((a, b) => a + b, 0);
  const activations = shape.batchSize * units;
  const kind = shape.trainer === 'reference' ? 'reference' : shape.precision === 'float32' ? 'f32' : 'f64';
  const threads = shape.trainer === 'reference' ? 1 : Math.max(1, shape.threads);
  const stepSeconds = STEP_FIXED_SECONDS[shape.trainer] + (MAC_SECONDS[kind] * shape.batchSize * stepMultiplyAdds(shape)) / threads
    + STEP_SECONDS_PER_ACTIVATION * activations;
  const captureSeconds = CAPTURE_FIXED_SECONDS[shape.trainer] + CAPTURE_SECONDS_PER_ACTIVATION * activations + CAPTURE_SECONDS_PER_WEIGHT[shape.trainer] * weights;
  const boundarySeconds = BOUNDARY_FIXED_SECONDS + BOUNDARY_POINTS * (BOUNDARY_SECONDS_PER_MAC * weights + BOUNDARY_SECONDS_PER_UNIT * units);
  return { stepSeconds, captureSeconds, boundarySeconds };
}
