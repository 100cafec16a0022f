/** Typed views of a fast run's WebAssembly memory: loading parameters and data, batch control, copies out. */
import { activationByName } from '../nn/activations';
import type { Dataset } from '../data/dataset';
import { Matrix } from '../nn/matrix';
import type { LayerParameters, LayerSnapshot } from '../train/training-types';
import type { SourceType } from './elementwise-codegen';
import { CONTROL, type Layout, type LayerLayout } from './layout';
import type { OutputViews } from './output-stage';

type Floats = Float32Array | Float64Array;

export class FastMemory {
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;

  constructor(readonly memory: WebAssembly.Memory, readonly layout: Layout) {
    this.i32 = new Int32Array(memory.buffer);
    this.f64 = new Float64Array(memory.buffer);
  }

  /** A float view of `count` elements at a byte offset. */
  floats(byteOffset: number, count: number): Floats {
    return this.layout.elem === 'f32'
      ? new Float32Array(this.memory.buffer, byteOffset, count)
      : new Float64Array(this.memory.buffer, byteOffset, count);
  }

  loadParameters(params: LayerParameters[]): void {
    params.forEach((p, i) => {
      const l = this.layout.layers[i];
      const w = this.floats(l.W, l.units * l.kPad);
      for (let j = 0; j < p.units; j++) w.set(p.weights.subarray(j * p.fanIn, (j + 1) * p.fanIn), j * l.kPad);
      this.floats(l.b, p.units).set(p.biases);
    });
  }

  /**
   * Copies both splits' features into memory in their own compact type (bytes stay bytes). With `adopt`, the
   * splits' x arrays are then replaced by views of the copies, so the data set is held once.
   */
  loadData(data: Dataset, source: SourceType, adopt: boolean): void {
    const copy = (split: Dataset['train'], at: number): void => {
      const x = split.x.subarray(0, split.count * data.inputSize);
      if (x.length === 0) return;
      if (source === 'u8' && !(x instanceof Uint8Array)) throw new Error('fast path: the test features must be bytes like the training features');
      const view = source === 'u8' ? new Uint8Array(this.memory.buffer, at, x.length)
        : source === 'f32' ? new Float32Array(this.memory.buffer, at, x.length) : new Float64Array(this.memory.buffer, at, x.length);
      view.set(x);
      if (adopt && view.constructor === x.constructor) split.x = view;
    };
    copy(data.train, this.layout.trainX);
    copy(data.test, this.layout.testX);
  }

  /** Batch = samples order[start .. start+m) of the split whose features start at dataPtr. */
  setBatch(order: Int32Array, start: number, m: number, dataPtr: number): void {
    this.i32.set(order.subarray(start, start + m), this.layout.indices / 4);
    this.i32[CONTROL.mReal / 4] = m;
    this.i32[CONTROL.dataPtr / 4] = dataPtr;
  }

  setScalars(learningRate: number, invM: number, adamC1: number, adamC2: number): void {
    this.f64[CONTROL.learningRate / 8] = learningRate;
    this.f64[CONTROL.invM / 8] = invM;
    this.f64[CONTROL.adamC1 / 8] = adamC1;
    this.f64[CONTROL.adamC2 / 8] = adamC2;
  }

  outputViews(): OutputViews {
    const l = this.layout.layers[this.layout.layers.length - 1];
    const n = l.units * this.layout.mPad;
    return { z: this.floats(l.Z, n), a: this.floats(l.A, n), delta: this.floats(l.delta, n), upstream: this.floats(l.upstream, n) };
  }

  /** Copies of every layer's Z and A (evaluation reuses them; the monitor expects the training batch's). */
  saveActivations(): Floats[] {
    return this.layout.layers.flatMap((l) => [l.Z, l.A].map((at) => this.floats(at, l.units * this.layout.mPad).slice()));
  }

  restoreActivations(saved: Floats[]): void {
    this.layout.layers.forEach((l, i) => {
      this.floats(l.Z, saved[2 * i].length).set(saved[2 * i]);
      this.floats(l.A, saved[2 * i + 1].length).set(saved[2 * i + 1]);
    });
  }

  parameters(): LayerParameters[] {
    return this.layout.layers.map((l) => ({
      units: l.units, fanIn: l.fanIn, activation: l.activation,
      weights: this.rows(l.W, l.units, l.fanIn, l.kPad), biases: Float64Array.from(this.floats(l.b, l.units)),
    }));
  }

  /** Copies every layer's W to its Wheld (a memmove inside the memory). */
  holdWeights(): void {
    const bytes = new Uint8Array(this.memory.buffer);
    const eb = this.layout.elem === 'f32' ? 4 : 8;
    for (const l of this.layout.layers) bytes.copyWithin(l.Wheld, l.W, l.W + l.units * l.kPad * eb);
  }

  /** Per layer, copies of the optimizer's slots for W (units × fanIn) and b: [] sgd, [v] momentum, [m, v] adam. */
  optimizerSlots(): { W: Float64Array[]; b: Float64Array[] }[] {
    return this.layout.layers.map((l) => ({
      W: l.stateW.map((at) => this.rows(at, l.units, l.fanIn, l.kPad)),
      b: l.stateB.map((at) => Float64Array.from(this.floats(at, l.units))),
    }));
  }

  /**
   * Per layer z, a, δ, σ', upstream, dW, db of the last batch (m real columns), as float64 copies. dW (the one
   * large array) is copied when first read, so read it before the next trainStep; readers that skip it pay nothing.
   */
  snapshot(m: number): LayerSnapshot[] {
    const mPad = this.layout.mPad;
    return this.layout.layers.map((l: LayerLayout, i) => {
      const z = this.rows(l.Z, l.units, m, mPad), a = this.rows(l.A, l.units, m, mPad);
      const sigmaPrime = new Matrix(l.units, m);
      activationByName(l.activation).derivativeInto(new Matrix(l.units, m, z), new Matrix(l.units, m, a), sigmaPrime);
      const layer = {
        layer: i + 1, units: l.units, activation: l.activation, batchSize: m, fanIn: l.fanIn, z, a,
        delta: this.rows(l.delta, l.units, m, mPad), sigmaPrime: sigmaPrime.data, upstream: this.rows(l.upstream, l.units, m, mPad),
        db: Float64Array.from(this.floats(l.db, l.units)),
      } as LayerSnapshot;
      let dW: Float64Array | null = null;
      Object.defineProperty(layer, 'dW', { enumerable: true, get: () => (dW ??= this.rows(l.dW, l.units, l.fanIn, l.kPad)) });
      return layer;
    });
  }

  /** rows × cols float64 copy of a matrix stored with row stride `stride`. */
  private rows(at: number, rows: number, cols: number, stride: number): Float64Array {
    const src = this.floats(at, rows * stride);
    if (stride === cols) return new Float64Array(src);
    const out = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) out.set(src.subarray(r * stride, r * stride + cols), r * cols);
    return out;
  }
}
