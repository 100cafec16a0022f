/** Where every buffer of a fast run lives in the one WebAssembly memory (byte offsets, 64-byte aligned). */
import { BYTES, LANES, type Elem } from './asm';
import { panelWidth } from './gemm-codegen';
import type { ActivationName, OptimizerType } from '../spec/types';

interface LayerShape { units: number; fanIn: number; activation: ActivationName }

/** Offsets of layer l's buffers. W, dW, Wheld and optimizer slots are units × kPad; Z, A, Δ, U are units × mPad. */
export interface LayerLayout extends LayerShape {
  kPad: number;
  W: number; b: number; dW: number; db: number;
  /** A copy of W the δ record holds before a step, to measure the step's update ‖W⁺ − W⁻‖. */
  Wheld: number;
  Z: number; A: number; delta: number; upstream: number;
  /** Optimizer state for W and b: [velocity] or [m, v]. */
  stateW: number[]; stateB: number[];
  /** Packed (A^{l−1})ᵀ panels for this layer's dW product. */
  panels: number;
}

/** The control block: shared scalars and barrier words at the start of memory. */
export const CONTROL = {
  barrierCount: 0, barrierGeneration: 4, command: 8, commandSeq: 12, mReal: 16,
  dataPtr: 20, /* f64 slots from 32: */ learningRate: 32, invM: 40, adamC1: 48, adamC2: 56, bytes: 64,
} as const;

export interface Layout {
  elem: Elem;
  mPad: number;
  inputSize: number;
  /** Input batch A^0 (inputSize × mPad). */
  input: number;
  /** Int32 sample indices of the batch (mPad entries). */
  indices: number;
  layers: LayerLayout[];
  /** Training and test features (source type as given). */
  trainX: number;
  testX: number;
  totalBytes: number;
}

const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

export interface LayoutRequest {
  elem: Elem;
  batchSize: number;
  inputSize: number;
  layers: LayerShape[];
  optimizer: OptimizerType;
  trainXBytes: number;
  testXBytes: number;
}

/** Assigns offsets in order: control, indices, input, per-layer buffers (with their panels), data sets. */
export function planLayout(r: LayoutRequest): Layout {
  const eb = BYTES[r.elem];
  const lanes = LANES[r.elem];
  const mPad = roundUp(r.batchSize, lanes);
  let next: number = CONTROL.bytes;
  const take = (bytes: number): number => { const at = next; next = roundUp(next + bytes, 64); return at; };
  const indices = take(mPad * 4);
  const input = take(r.inputSize * mPad * eb);
  const stateSlots = r.optimizer === 'adam' ? 2 : r.optimizer === 'momentum' ? 1 : 0;
  const layers = r.layers.map((shape): LayerLayout => {
    const kPad = roundUp(shape.fanIn, lanes);
    const wBytes = shape.units * kPad * eb;
    const bBytes = roundUp(shape.units, lanes) * eb;
    const mBytes = shape.units * mPad * eb;
    return {
      ...shape, kPad,
      W: take(wBytes), b: take(bBytes), dW: take(wBytes), db: take(bBytes), Wheld: take(wBytes),
      Z: take(mBytes), A: take(mBytes), delta: take(mBytes), upstream: take(mBytes),
      stateW: Array.from({ length: stateSlots }, () => take(wBytes)),
      stateB: Array.from({ length: stateSlots }, () => take(bBytes)),
      panels: take(roundUp(shape.fanIn, panelWidth(r.elem)) * mPad * eb),
    };
  });
  const trainX = take(r.trainXBytes);
  const testX = take(r.testXBytes);
  return { elem: r.elem, mPad, inputSize: r.inputSize, input, indices, layers, trainX, testX, totalBytes: next };
}

/** Splits [0, count) into `parts` ranges whose inner boundaries are multiples of `align`. */
export function splitRange(count: number, parts: number, align: number): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (let t = 0; t < parts; t++) {
    const end = t === parts - 1 ? count : Math.min(count, roundUp(Math.round(((t + 1) * count) / parts), align));
    out.push([start, Math.max(start, end)]);
    start = Math.max(start, end);
  }
  return out;
}
