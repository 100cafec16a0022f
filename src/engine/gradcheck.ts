/**
 * Gradient check: backprop's gradients against centered differences (E(θ+ε) − E(θ−ε)) / 2ε, in float64.
 * Per layer l: ∂E/∂W^l and ∂E/∂b^l as training uses them (BP3, BP4 at the end of the chain), and δ^l
 * locally: BP1 (l = L) or BP2 fed with the numerically exact δ^{l+1}, against ∂E/∂z^l from perturbing z^l.
 * A wrong derivative therefore fails the δ check in its own layer only.
 */
import { Gradients, backward, gradientBuffers, outputDelta } from './backprop';
import type { Loss } from './losses';
import { Matrix, hadamardInPlace, matmulTransAInto } from './matrix';
import { ForwardPass, Network, forward, forwardBuffers, forwardFromZ } from './network';
import { Rng } from './rng';
import { pickEntries, summarize, type EntryResult, type TensorCheck } from './gradcheck-report';

export type { EntryResult, TensorCheck, Verdict } from './gradcheck-report';
export { PASS_THRESHOLD, WARN_THRESHOLD, relativeError } from './gradcheck-report';

export interface GradCheckOptions {
  epsilon: number;
  /** Entries checked per tensor at most (all when the tensor is smaller). */
  maxEntries: number;
  /** Seed for choosing entries. */
  seed: number;
}

export interface LayerCheck {
  layer: number;
  weights: TensorCheck;
  biases: TensorCheck;
  delta: TensorCheck;
}

export interface GradCheckReport {
  passed: boolean;
  epsilon: number;
  samples: number;
  layers: LayerCheck[];
  /** The highest layer whose δ check fails: where BP1/BP2 first goes wrong, seen from the output. */
  culpritLayer: number | null;
}

/** Checks every layer of `net` on the batch x (features × samples) with targets y; regularisation is not included. */
export function gradientCheck(net: Network, loss: Loss, x: Matrix, y: Matrix, options: GradCheckOptions): GradCheckReport {
  const m = x.cols;
  const pass = forwardBuffers(net, m);
  pass.a[0].data.set(x.data);
  forward(net, pass);
  const grads = backward(net, pass, y, loss, gradientBuffers(net, m));
  const probe = new Probe(net, loss, x, y, options.epsilon);
  const rng = new Rng(options.seed);
  const numericDelta = net.layers.map((_, i) => probe.numericDelta(i + 1, pass));
  const layers: LayerCheck[] = [];
  for (let l = 1; l <= net.depth; l++) {
    layers.push({
      layer: l,
      weights: checkParameters(probe, net.layer(l).W.data, grads.dW[l].data, [net.layer(l).units, net.layer(l).fanIn], options.maxEntries, rng),
      biases: checkParameters(probe, net.layer(l).b, grads.db[l], [net.layer(l).units], options.maxEntries, rng),
      delta: checkDelta(net, loss, pass, y, l, numericDelta, probe, options.maxEntries, rng),
    });
  }
  const failing = layers.filter((c) => c.delta.verdict === 'fail').map((c) => c.layer);
  const passed = layers.every((c) => c.weights.verdict !== 'fail' && c.biases.verdict !== 'fail' && c.delta.verdict !== 'fail');
  return { passed, epsilon: options.epsilon, samples: m, layers, culpritLayer: failing.length ? Math.max(...failing) : null };
}

/** Compares analytic ∂E/∂θ with centered differences for a sample of θ's entries (θ is perturbed in place and restored). */
function checkParameters(probe: Probe, theta: Float64Array, analytic: Float64Array, shape: number[], maxEntries: number, rng: Rng): TensorCheck {
  const entries: EntryResult[] = [];
  for (const i of pickEntries(theta.length, maxEntries, rng)) {
    const saved = theta[i];
    const { numeric, kink } = probe.centered((sign) => { theta[i] = saved + sign * probe.epsilon; }, 0);
    theta[i] = saved;
    entries.push({ index: unravel(i, shape), analytic: analytic[i], numeric: numeric / probe.m, kink });
  }
  return summarize(entries, probe.epsilon);
}

/** δ^l: local BP1/BP2 (fed with the numeric δ^{l+1}) against the numeric ∂E/∂z^l, per sample. */
function checkDelta(net: Network, loss: Loss, pass: ForwardPass, y: Matrix, l: number, numericDelta: Matrix[], probe: Probe, maxEntries: number, rng: Rng): TensorCheck {
  const layer = net.layer(l);
  const g = { delta: new Matrix(layer.units, probe.m), sigmaPrime: new Matrix(layer.units, probe.m), upstream: new Matrix(layer.units, probe.m) };
  if (l === net.depth) {
    outputDelta(layer.activation, loss, pass.z[l], pass.a[l], y, g);
  } else {
    matmulTransAInto(net.layer(l + 1).W, numericDelta[l], g.upstream);
    layer.activation.derivativeInto(pass.z[l], pass.a[l], g.sigmaPrime);
    g.delta.data.set(g.upstream.data);
    hadamardInPlace(g.delta, g.sigmaPrime);
  }
  const numeric = numericDelta[l - 1];
  const entries: EntryResult[] = [];
  for (const i of pickEntries(numeric.data.length, maxEntries, rng)) {
    entries.push({ index: unravel(i, [layer.units, probe.m]), analytic: g.delta.data[i], numeric: numeric.data[i], kink: probe.deltaKinks[l - 1]?.[i] === 1 });
  }
  return summarize(entries, probe.epsilon);
}

function unravel(i: number, shape: number[]): number[] {
  return shape.length === 1 ? [i] : [Math.floor(i / shape[1]), i % shape[1]];
}

/** Evaluates E on the check batch and takes centered differences, flagging kinks (a z crossing 0 in a relu-like layer). */
class Probe {
  readonly m: number;
  private readonly pass: ForwardPass;
  readonly deltaKinks: Uint8Array[] = [];
  constructor(private net: Network, private loss: Loss, x: Matrix, private y: Matrix, readonly epsilon: number) {
    this.m = x.cols;
    this.pass = forwardBuffers(net, this.m);
    this.pass.a[0].data.set(x.data);
  }

  /** Σ over samples of E after the forward pass. */
  private total(): number {
    return this.loss.sum(this.pass.a[this.net.depth], this.y);
  }

  /** (E(+) − E(−)) / 2ε with perturb(±1) applied before each forward pass: the whole pass (from = 0) or from a given z^l. */
  centered(perturb: (sign: 1 | -1) => void, from: number): { numeric: number; kink: boolean } {
    const run = () => (from === 0 ? forward(this.net, this.pass) : forwardFromZ(this.net, from, this.pass));
    perturb(1);
    run();
    const plus = this.total();
    const signs = this.kinkSigns(Math.max(from, 1));
    perturb(-1);
    run();
    const minus = this.total();
    const kink = signs !== this.kinkSigns(Math.max(from, 1));
    return { numeric: (plus - minus) / (2 * this.epsilon), kink };
  }

  /** ∂(Σ E)/∂z^l for every unit and sample: the per-sample δ^l, numerically. */
  numericDelta(l: number, reference: ForwardPass): Matrix {
    const out = new Matrix(this.net.layer(l).units, this.m);
    const kinks = new Uint8Array(out.data.length);
    const z = this.pass.z[l];
    for (let k = 1; k < l; k++) this.pass.a[k].data.set(reference.a[k].data);
    for (let i = 0; i < out.data.length; i++) {
      z.data.set(reference.z[l].data);
      const saved = z.data[i];
      const r = this.centered((sign) => { z.data.set(reference.z[l].data); z.data[i] = saved + sign * this.epsilon; }, l);
      out.data[i] = r.numeric;
      kinks[i] = r.kink ? 1 : 0;
    }
    this.deltaKinks[l - 1] = kinks;
    return out;
  }

  /** A string of the signs of z in every layer (from `from` up) whose activation has a kink at 0. */
  private kinkSigns(from: number): string {
    let s = '';
    for (let l = from; l <= this.net.depth; l++) {
      if (!this.net.layer(l).activation.hasKinkAtZero) continue;
      for (const v of this.pass.z[l].data) s += v > 0 ? '+' : '-';
    }
    return s;
  }
}

export type { Gradients };
