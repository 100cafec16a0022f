/**
 * BP1 at the output layer, in float64 JavaScript on the (small) output matrices: a^L = σ(z^L), the batch loss,
 * δ^L (fused a − y for cross-entropy), reading z^L from and writing a^L, ∇_a E and δ^L to WebAssembly memory.
 */
import { activationByName, type Activation } from '../nn/activations';
import { outputDelta } from '../nn/backprop';
import { fillTargets } from '../data/batch';
import type { Dataset, Split } from '../data/dataset';
import { lossByName, type Loss } from '../nn/losses';
import { Matrix } from '../nn/matrix';
import { countCorrect } from '../train/trainer';
import type { ActivationName, LossName } from '../spec/types';

type Floats = Float32Array | Float64Array;

/** Views (units × mPad) of the output layer's buffers in wasm memory. */
export interface OutputViews { z: Floats; a: Floats; delta: Floats; upstream: Floats }

interface Scratch { z: Matrix; a: Matrix; y: Matrix; delta: Matrix; sigmaPrime: Matrix; upstream: Matrix }

export class OutputStage {
  private readonly activation: Activation;
  private readonly loss: Loss;
  private readonly scratch = new Map<number, Scratch>();

  constructor(activation: ActivationName, loss: LossName, private readonly units: number, private readonly mPad: number,
    private readonly views: OutputViews) {
    this.activation = activationByName(activation);
    this.loss = lossByName(loss, activation);
  }

  /** a^L from z^L and the loss summed over the m samples order[start..start+m); a^L written back. */
  forward(data: Dataset, split: Split, order: Int32Array, start: number, m: number): { lossSum: number; correct: number } {
    const s = this.buffers(m);
    this.readColumns(this.views.z, s.z, m);
    this.activation.forwardInto(s.z, s.a);
    fillTargets(data, split, order, start, m, this.units, s.y.data);
    this.writeColumns(s.a, this.views.a, m);
    const correct = split.labels && data.task === 'classification' ? countCorrect(s.a, split.labels, order, start) : 0;
    return { lossSum: this.loss.sum(s.a, s.y, s.z), correct };
  }

  /** BP1 for the batch last passed to forward: δ^L and ∇_a E written with zero padding columns. */
  backward(m: number): void {
    const s = this.buffers(m);
    outputDelta(this.activation, this.loss, s.z, s.a, s.y, s);
    this.writeColumns(s.delta, this.views.delta, m);
    this.writeColumns(s.upstream, this.views.upstream, m);
  }

  private buffers(m: number): Scratch {
    let s = this.scratch.get(m);
    if (!s) {
      const make = (): Matrix => new Matrix(this.units, m);
      s = { z: make(), a: make(), y: make(), delta: make(), sigmaPrime: make(), upstream: make() };
      this.scratch.set(m, s);
    }
    return s;
  }

  private readColumns(from: Floats, to: Matrix, m: number): void {
    for (let j = 0; j < this.units; j++) for (let c = 0; c < m; c++) to.data[j * m + c] = from[j * this.mPad + c];
  }

  /** Copies m columns and zeroes the padding columns, so padded samples contribute nothing to BP2–BP4. */
  private writeColumns(from: Matrix, to: Floats, m: number): void {
    for (let j = 0; j < this.units; j++) {
      const row = j * this.mPad;
      for (let c = 0; c < m; c++) to[row + c] = from.data[j * m + c];
      to.fill(0, row + m, row + this.mPad);
    }
  }
}
