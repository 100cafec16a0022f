/**
 * The fast trainer: a dense MLP trained by generated WebAssembly SIMD code with every buffer of the run (data,
 * weights, activations, δ, gradients, optimizer state) in one WebAssembly memory; float32 or float64.
 * Same algorithm, seeding, batch order and loss as the reference trainer; bit-identical runs for a given seed.
 */
import { EpochCounter } from '../train/epoch-counter';
import { evaluationOf, sumChunks, type EvaluationSums } from '../train/evaluation';
import type { Dataset, Split } from '../data/dataset';
import { Rng } from '../nn/rng';
import type { DenseLayerSpec, NetworkSpec } from '../spec/types';
import { DEFAULTS } from '../spec/types';
import { networkFromSpec, parametersOf } from '../train/trainer';
import type { OptimizerState } from '../nn/optimizers';
import type { Evaluation, LayerParameters, LayerSnapshot, StepResult, Trainer, WeightNorms } from '../train/training-types';
import type { OptimizerConstants, SourceType } from './elementwise-codegen';
import { detectFeatures } from './features';
import { planLayout, type Layout } from './layout';
import { OutputStage } from './output-stage';
import { buildStepModule, COMMAND } from './step-codegen';
import { FastMemory } from './fast-memory';
import { HelperThreads, type ThreadStarter } from './threads';

export interface FastTrainerOptions {
  /** Start from these parameters (e.g. the reference trainer's) instead of the seeded initialisation. */
  initial?: LayerParameters[];
  /** Threads splitting every product (default spec.training.threads, else 1); > 1 needs startThread. */
  threads?: number;
  startThread?: ThreadStarter;
  /** Use relaxed-SIMD FMA (default: when the runtime validates it). */
  relaxedSimd?: boolean;
  /** Replace data.train.x / data.test.x by views of the trainer's copy (the data set is then held once). */
  adoptData?: boolean;
}

const PAGE = 65536;

function sourceTypeOf(x: Split['x']): SourceType {
  return x instanceof Uint8Array ? 'u8' : x instanceof Float32Array ? 'f32' : 'f64';
}

function optimizerConstants(spec: NetworkSpec): OptimizerConstants {
  const o = spec.optimizer;
  return {
    type: o.type, momentum: o.momentum ?? DEFAULTS.momentum, beta1: o.beta1 ?? DEFAULTS.beta1, beta2: o.beta2 ?? DEFAULTS.beta2,
    epsilon: o.epsilon ?? DEFAULTS.adamEpsilon, l2: spec.regularization?.l2 ?? DEFAULTS.l2,
  };
}

/** Why the fast path cannot train this spec, or null when it can. */
export function fastPathUnsupported(spec: NetworkSpec): string | null {
  if (!detectFeatures().simd) return 'this runtime has no WebAssembly SIMD';
  const hidden = (spec.layers.slice(1, -1) as DenseLayerSpec[]).find((l) => l.activation === 'softmax');
  return hidden ? 'softmax is only supported on the output layer' : null;
}

/** Multiply-adds of one training step (forward, BP2, BP4) per sample. */
function macsPerSample(spec: NetworkSpec): number {
  let macs = 0;
  for (let l = 1; l < spec.layers.length; l++) macs += spec.layers[l - 1].units * spec.layers[l].units;
  return 3 * macs;
}

/**
 * Thread count for a run: spec.training.threads when given, else `cores` for networks big enough to gain from
 * splitting (≥ 4M multiply-adds per step), else 1 — a 2-8-8-1 step lasts a few µs, less than a barrier round trip.
 */
export function defaultFastThreads(spec: NetworkSpec, cores: number): number {
  if (spec.training.threads !== undefined) return Math.max(1, Math.floor(spec.training.threads));
  return macsPerSample(spec) * spec.training.batchSize >= 4e6 ? Math.max(1, cores) : 1;
}

export class FastTrainer implements Trainer {
  readonly threads: number;
  private readonly layout: Layout;
  private readonly mem: FastMemory;
  private readonly exports: {
    forward(tid: number): void; backward(tid: number): void;
    sumSquares(at: number, rows: number, cols: number, strideBytes: number): number;
    sumSquaredDiff(at: number, other: number, rows: number, cols: number, strideBytes: number): number;
  };
  private readonly output: OutputStage;
  private readonly helpers: HelperThreads | null;
  private identity: Int32Array | null = null;
  private learningRate: number;
  private adamStep = 0;
  private lastBatch = 0;
  private readonly counter: EpochCounter;

  constructor(readonly spec: NetworkSpec, readonly data: Dataset, options: FastTrainerOptions = {}) {
    const problem = fastPathUnsupported(spec);
    if (problem) throw new Error(`fast path: ${problem}`);
    const rng = new Rng(spec.seed ?? DEFAULTS.seed);
    // The architecture, activations included, comes from the spec; a saved model gives weights and biases only.
    const initial = parametersOf(networkFromSpec(spec, rng, options.initial));
    this.counter = new EpochCounter(data.train.count, spec.training.batchSize, rng, spec.training.shuffle !== false);
    this.learningRate = spec.optimizer.learningRate;
    this.threads = options.startThread ? Math.max(1, options.threads ?? spec.training.threads ?? 1) : 1;
    const elem = spec.precision === 'float32' ? 'f32' : 'f64';
    const source = sourceTypeOf(data.train.x);
    this.layout = planLayout({
      elem, batchSize: this.counter.batchSize, inputSize: data.inputSize, optimizer: spec.optimizer.type,
      layers: initial.map((p) => ({ units: p.units, fanIn: p.fanIn, activation: p.activation })),
      trainXBytes: data.train.count * data.inputSize * data.train.x.BYTES_PER_ELEMENT,
      testXBytes: data.test.count * data.inputSize * data.train.x.BYTES_PER_ELEMENT,
    });
    const pages = Math.ceil(this.layout.totalBytes / PAGE) + 1;
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: this.threads > 1 });
    const module = new WebAssembly.Module(buildStepModule({
      layout: this.layout, relaxed: options.relaxedSimd ?? detectFeatures().relaxedSimd, threads: this.threads,
      source, xScale: data.train.xScale, pages, optimizer: optimizerConstants(spec),
    }));
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    this.exports = instance.exports as unknown as FastTrainer['exports'];
    this.mem = new FastMemory(memory, this.layout);
    this.mem.loadParameters(initial);
    this.mem.holdWeights();
    this.mem.loadData(data, source, options.adoptData ?? false);
    const last = this.layout.layers[this.layout.layers.length - 1];
    this.output = new OutputStage(last.activation, spec.loss, last.units, this.layout.mPad, this.mem.outputViews());
    this.helpers = this.threads > 1 && options.startThread ? new HelperThreads(options.startThread, module, memory, this.threads) : null;
  }

  get epoch(): number { return this.counter.epoch; }
  get step(): number { return this.counter.step; }
  get stepsPerEpoch(): number { return this.counter.stepsPerEpoch; }

  trainStep(): StepResult {
    const { start, m } = this.counter.nextBatch();
    this.mem.setBatch(this.counter.order, start, m, this.layout.trainX);
    if (this.spec.optimizer.type === 'adam') this.adamStep++;
    const b1 = this.spec.optimizer.beta1 ?? DEFAULTS.beta1, b2 = this.spec.optimizer.beta2 ?? DEFAULTS.beta2;
    this.mem.setScalars(this.learningRate, 1 / m, 1 - Math.pow(b1, this.adamStep), 1 - Math.pow(b2, this.adamStep));
    this.helpers?.post(COMMAND.train);
    this.exports.forward(0);
    const { lossSum } = this.output.forward(this.data, this.data.train, this.counter.order, start, m);
    this.output.backward(m);
    this.exports.backward(0);
    this.lastBatch = m;
    return this.counter.advance(lossSum / m);
  }

  evaluate(which: 'train' | 'test'): Evaluation {
    const split = which === 'train' ? this.data.train : this.data.test;
    const identity = (this.identity ??= Int32Array.from({ length: Math.max(this.data.train.count, this.data.test.count) }, (_, i) => i));
    return evaluationOf(this.evaluateSamples(which, identity, 0, split.count), split.count, this.data.task === 'classification');
  }

  /** Forward passes only, mPad samples at a time; the training batch's activations are kept for snapshot(). */
  evaluateSamples(which: 'train' | 'test', order: Int32Array, start: number, count: number): EvaluationSums {
    if (count === 0) return { lossSum: 0, correct: 0 };
    const split = which === 'train' ? this.data.train : this.data.test;
    const saved = this.mem.saveActivations();
    const base = which === 'train' ? this.layout.trainX : this.layout.testX;
    const sums = sumChunks(start, count, this.layout.mPad, (at, m) => {
      this.mem.setBatch(order, at, m, base);
      this.helpers?.post(COMMAND.forward);
      this.exports.forward(0);
      return this.output.forward(this.data, split, order, at, m);
    });
    this.mem.restoreActivations(saved);
    return sums;
  }

  snapshot(): LayerSnapshot[] {
    return this.lastBatch > 0 ? this.mem.snapshot(this.lastBatch) : [];
  }

  lastBatchSamples(): Int32Array { return this.counter.lastBatch(); }
  parameters(): LayerParameters[] { return this.mem.parameters(); }
  holdWeights(): void { this.mem.holdWeights(); }

  /** ‖W‖, ‖∂E/∂W‖, ‖W − W_held‖ of every layer, summed in the module (f64, SIMD) over the rows' fanIn columns. */
  weightNorms(): WeightNorms[] {
    const eb = this.layout.elem === 'f32' ? 4 : 8;
    return this.layout.layers.map((l) => {
      const [rows, cols, stride] = [l.units, l.fanIn, l.kPad * eb];
      return {
        weightNorm: Math.sqrt(this.exports.sumSquares(l.W, rows, cols, stride)), gradNorm: Math.sqrt(this.exports.sumSquares(l.dW, rows, cols, stride)),
        updateNorm: Math.sqrt(this.exports.sumSquaredDiff(l.W, l.Wheld, rows, cols, stride)),
      };
    });
  }

  /** The optimizer's constants (optimizerConstants) with the learning rate now and a copy of its slots in memory. */
  optimizerState(): OptimizerState {
    const { type, momentum, beta1, beta2, epsilon, l2 } = optimizerConstants(this.spec);
    return { type, learningRate: this.learningRate, l2, momentum, beta1, beta2, epsilon, t: this.adamStep, layers: this.mem.optimizerSlots() };
  }
  setLearningRate(learningRate: number): void { this.learningRate = learningRate; }
  dispose(): void { this.helpers?.stop(); }

  /** Bytes of WebAssembly memory this run uses. */
  get memoryBytes(): number { return this.layout.totalBytes; }
  get precision(): 'float32' | 'float64' { return this.layout.elem === 'f32' ? 'float32' : 'float64'; }
}

