/** The reference trainer: mini-batch gradient descent with the δ-form backward pass, all in float64. */
import { EpochCounter } from './epoch-counter';
import { evaluationOf, sumChunks, type EvaluationSums } from './evaluation';
import { Gradients, backward, gradientBuffers } from '../nn/backprop';
import { fillBatch, fillTargets } from '../data/batch';
import type { Dataset, Split } from '../data/dataset';
import { lossOfSpec, type Loss } from '../nn/losses';
import { Matrix } from '../nn/matrix';
import { activationByName } from '../nn/activations';
import { DenseLayer, ForwardPass, Network, forward, forwardBuffers } from '../nn/network';
import { createOptimizer, type Optimizer, type OptimizerState } from '../nn/optimizers';
import { Rng } from '../nn/rng';
import type { DenseLayerSpec, NetworkSpec } from '../spec/types';
import { DEFAULTS } from '../spec/types';
import { WeightsHeld } from '../record/weight-norms';
import type { Evaluation, LayerParameters, LayerSnapshot, StepResult, Trainer, WeightNorms } from './training-types';

export interface TrainerOptions {
  /** Start from these parameters instead of a seeded random initialisation (same shapes as the spec). */
  initial?: LayerParameters[];
}

interface BatchBuffers { pass: ForwardPass; grads: Gradients; y: Matrix }

/** Builds the network a spec describes, seeded by spec.seed. */
export function networkFromSpec(spec: NetworkSpec, rng: Rng, initial?: LayerParameters[]): Network {
  const sizes = spec.layers.map((l) => l.units);
  const activations = (spec.layers.slice(1) as DenseLayerSpec[]).map((l) => l.activation);
  const net = Network.create(sizes, activations, spec.init ?? DEFAULTS.init, rng);
  if (initial) loadParametersInPlace(net, initial);
  return net;
}

/** The network a spec describes holding `params` (nothing is drawn: a gradient check on trained weights needs no init). */
export function networkHolding(spec: NetworkSpec, params: LayerParameters[]): Network {
  const sizes = spec.layers.map((l) => l.units);
  const activations = (spec.layers.slice(1) as DenseLayerSpec[]).map((l) => activationByName(l.activation));
  const net = new Network(sizes[0], activations.map((activation, i) => new DenseLayer(sizes[i], sizes[i + 1], activation)));
  loadParametersInPlace(net, params);
  return net;
}

/** Throws, naming the layer, unless `params` has one entry per weighted layer of `sizes` with its units × fan-in. */
function checkParameterShapes(sizes: readonly number[], params: LayerParameters[]): void {
  if (params.length !== sizes.length - 1) throw new Error(`the model has ${params.length} weighted layers, the spec ${sizes.length - 1}`);
  params.forEach((p, i) => {
    const [units, fanIn] = [sizes[i + 1], sizes[i]];
    if (p.units !== units || p.fanIn !== fanIn || p.weights.length !== units * fanIn || p.biases.length !== units) {
      throw new Error(`layer ${i + 1}: the model has ${p.units}×${p.fanIn} weights, the spec ${units}×${fanIn}`);
    }
  });
}

/** Copies saved parameters into the network; shapes must match. */
function loadParametersInPlace(net: Network, params: LayerParameters[]): void {
  checkParameterShapes([net.layer(1).fanIn, ...net.layers.map((l) => l.units)], params);
  net.layers.forEach((layer, i) => {
    const p = params[i];
    layer.W.data.set(p.weights);
    layer.b.set(p.biases);
  });
}

export function parametersOf(net: Network): LayerParameters[] {
  return net.layers.map((l: DenseLayer) => ({ units: l.units, fanIn: l.fanIn, activation: l.activation.name, weights: l.W.data.slice(), biases: l.b.slice() }));
}

export class ReferenceTrainer implements Trainer {
  readonly net: Network;
  readonly loss: Loss;
  private readonly optimizer: Optimizer;
  private readonly buffers = new Map<number, BatchBuffers>();
  private last: BatchBuffers | null = null;
  private readonly counter: EpochCounter;
  private readonly held = new WeightsHeld();

  constructor(readonly spec: NetworkSpec, readonly data: Dataset, options: TrainerOptions = {}) {
    const rng = new Rng(spec.seed ?? DEFAULTS.seed);
    this.net = networkFromSpec(spec, rng, options.initial);
    this.loss = lossOfSpec(spec);
    this.optimizer = createOptimizer(spec.optimizer, spec.regularization?.l2 ?? DEFAULTS.l2);
    this.counter = new EpochCounter(data.train.count, spec.training.batchSize, rng, spec.training.shuffle !== false);
    this.holdWeights();
  }

  get epoch(): number { return this.counter.epoch; }
  get step(): number { return this.counter.step; }
  get stepsPerEpoch(): number { return this.counter.stepsPerEpoch; }

  /** One mini-batch: forward, backward (BP1–BP4), update. */
  trainStep(): StepResult {
    const { start, m } = this.counter.nextBatch();
    const buf = this.loadBatch(this.data.train, this.counter.order, start, m);
    forward(this.net, buf.pass);
    const loss = this.loss.sum(buf.pass.a[this.net.depth], buf.y, buf.pass.z[this.net.depth]) / m;
    backward(this.net, buf.pass, buf.y, this.loss, buf.grads);
    this.optimizer.stepInPlace(this.net, buf.grads);
    this.last = buf;
    return this.counter.advance(loss);
  }

  evaluate(which: 'train' | 'test'): Evaluation {
    const split = which === 'train' ? this.data.train : this.data.test;
    const identity = Int32Array.from({ length: split.count }, (_, i) => i);
    return evaluationOf(this.evaluateSamples(which, identity, 0, split.count), split.count, this.data.task === 'classification');
  }

  evaluateSamples(which: 'train' | 'test', order: Int32Array, start: number, count: number): EvaluationSums {
    const split = which === 'train' ? this.data.train : this.data.test;
    return sumChunks(start, count, 256, (at, m) => {
      const buf = this.loadBatch(split, order, at, m);
      forward(this.net, buf.pass);
      const out = buf.pass.a[this.net.depth];
      return { lossSum: this.loss.sum(out, buf.y, buf.pass.z[this.net.depth]), correct: split.labels ? countCorrect(out, split.labels, order, at) : 0 };
    });
  }

  snapshot(): LayerSnapshot[] {
    const buf = this.last;
    if (!buf) return [];
    return this.net.layers.map((layer, i) => {
      const l = i + 1;
      return {
        layer: l, units: layer.units, activation: layer.activation.name, batchSize: buf.pass.z[l].cols, fanIn: layer.fanIn,
        z: buf.pass.z[l].data.slice(), a: buf.pass.a[l].data.slice(), delta: buf.grads.delta[l].data.slice(),
        sigmaPrime: buf.grads.sigmaPrime[l].data.slice(), upstream: buf.grads.upstream[l].data.slice(),
        dW: buf.grads.dW[l].data.slice(), db: buf.grads.db[l].slice(),
      };
    });
  }

  lastBatchSamples(): Int32Array { return this.counter.lastBatch(); }
  parameters(): LayerParameters[] { return parametersOf(this.net); }

  holdWeights(): void { this.held.hold(this.net.layers.map((l) => l.W.data)); }

  weightNorms(): WeightNorms[] {
    const dW = this.net.layers.map((l, i) => this.last?.grads.dW[i + 1].data ?? new Float64Array(l.units * l.fanIn));
    return this.held.measure(this.net.layers.map((l) => l.W.data), dW);
  }

  optimizerState(): OptimizerState { return this.optimizer.state(this.net); }
  setLearningRate(learningRate: number): void { this.optimizer.learningRate = learningRate; }
  dispose(): void { this.buffers.clear(); }

  /** Fills a[0] and y with samples order[start .. start+m) of a split. */
  private loadBatch(split: Split, order: Int32Array, start: number, m: number): BatchBuffers {
    let buf = this.buffers.get(m);
    if (!buf) {
      buf = { pass: forwardBuffers(this.net, m), grads: gradientBuffers(this.net, m), y: new Matrix(this.net.layer(this.net.depth).units, m) };
      this.buffers.set(m, buf);
    }
    fillBatch(split, this.data.inputSize, order, start, m, buf.pass.a[0].data);
    fillTargets(this.data, split, order, start, m, buf.y.rows, buf.y.data);
    return buf;
  }
}

/** Correct predictions in a batch: argmax over units, or a ≥ 0.5 for one sigmoid unit. */
export function countCorrect(out: Matrix, labels: Int32Array, order: Int32Array, start: number): number {
  let correct = 0;
  for (let c = 0; c < out.cols; c++) {
    let predicted = 0;
    if (out.rows === 1) predicted = out.data[c] >= 0.5 ? 1 : 0;
    else for (let j = 1; j < out.rows; j++) if (out.data[j * out.cols + c] > out.data[predicted * out.cols + c]) predicted = j;
    if (predicted === labels[order[start + c]]) correct++;
  }
  return correct;
}
