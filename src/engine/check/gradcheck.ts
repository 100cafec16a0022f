/**
 * Gradient check: backprop's gradients against centered differences (E(θ+ε) − E(θ−ε)) / 2ε, in float64.
 * Per layer l: ∂E/∂W^l and ∂E/∂b^l as training uses them (BP3, BP4 at the end of the chain), and δ^l
 * locally: the engine's own BP1 (l = L) or BP2 (backprop.ts) fed with the numerically exact δ^{l+1}, against
 * ∂E/∂z^l from perturbing z^l.
 * A wrong derivative therefore fails the δ check in its own layer only.
 */
import { ENGINE_DELTA_RULES, backward, gradientBuffers, type DeltaRules } from '../nn/backprop';
import type { Loss } from '../nn/losses';
import { Matrix } from '../nn/matrix';
import { ForwardPass, Network, forward, forwardBuffers, forwardFromZ } from '../nn/network';
import { Rng } from '../nn/rng';
import { noiseFloorOf, pickEntries, summarize, type EntryResult, type TensorCheck } from './gradcheck-report';

export type { TensorCheck, Verdict } from './gradcheck-report';
export { gradCheckVerdict } from './gradcheck-report';

export interface GradCheckOptions {
  epsilon: number;
  /** Entries checked per tensor at most (all when the tensor is smaller). */
  maxEntries: number;
  /** Seed for choosing entries. */
  seed: number;
  /** The BP1/BP2 rules under check: the engine's (ENGINE_DELTA_RULES) unless a test plants a bug. */
  rules?: DeltaRules;
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
  const rules = options.rules ?? ENGINE_DELTA_RULES;
  const grads = backward(net, pass, y, loss, gradientBuffers(net, m), rules);
  const probe = new Probe(net, loss, pass, y, options.epsilon);
  const rng = new Rng(options.seed);
  // δ entries to judge per layer; numeric δ^l is needed in full only where it feeds BP2 of layer l − 1 (l ≥ 2).
  const deltaEntries = net.layers.map((layer) => pickEntries(layer.units * m, options.maxEntries, rng));
  const numericDelta = net.layers.map((_, i) => probe.numericDelta(i + 1, i === 0 ? deltaEntries[0] : undefined));
  const layers: LayerCheck[] = [];
  for (let l = 1; l <= net.depth; l++) {
    layers.push({
      layer: l,
      weights: checkParameters(probe, pass, l, 'weights', grads.dW[l].data, [net.layer(l).units, net.layer(l).fanIn], options.maxEntries, rng),
      biases: checkParameters(probe, pass, l, 'biases', grads.db[l], [net.layer(l).units], options.maxEntries, rng),
      delta: checkDelta(net, loss, pass, y, l, numericDelta, probe, deltaEntries[l - 1], rules),
    });
  }
  const failing = layers.filter((c) => c.delta.verdict === 'fail').map((c) => c.layer);
  const passed = layers.every((c) => c.weights.verdict !== 'fail' && c.biases.verdict !== 'fail' && c.delta.verdict !== 'fail');
  return { passed, epsilon: options.epsilon, samples: m, layers, culpritLayer: failing.length ? Math.max(...failing) : null };
}

/**
 * Compares analytic ∂E/∂W^l (or ∂E/∂b^l) with centered differences for a sample of entries. Perturbing W^l_jk by ±ε
 * moves z^l_j by ±ε a^{l−1}_k (b^l_j: by ±ε), so each difference reruns the forward pass from row j of z^l only.
 */
function checkParameters(probe: Probe, reference: ForwardPass, l: number, kind: 'weights' | 'biases', analytic: Float64Array, shape: number[], maxEntries: number, rng: Rng): TensorCheck {
  const entries: EntryResult[] = [];
  const zRef = reference.z[l].data, aPrev = reference.a[l - 1].data, m = probe.m;
  const z = probe.prepareFrom(l);
  for (const i of pickEntries(analytic.length, maxEntries, rng)) {
    const j = kind === 'weights' ? Math.floor(i / shape[1]) : i;
    const k = kind === 'weights' ? i % shape[1] : -1;
    const { numeric, kink, lossMagnitude } = probe.centered((sign) => {
      z.set(zRef);
      for (let c = 0; c < m; c++) z[j * m + c] += sign * probe.epsilon * (k < 0 ? 1 : aPrev[k * m + c]);
    }, l, j);
    entries.push({ index: unravel(i, shape), analytic: analytic[i], numeric: numeric / m, kink, noiseFloor: noiseFloorOf(lossMagnitude, probe.epsilon, m) });
  }
  return summarize(entries, probe.epsilon);
}

/** δ^l: the engine's BP1 (l = L) or BP2 fed with the numeric δ^{l+1}, against the numeric ∂E/∂z^l, per sample. */
function checkDelta(net: Network, loss: Loss, pass: ForwardPass, y: Matrix, l: number, numericDelta: Matrix[], probe: Probe, picked: number[], rules: DeltaRules): TensorCheck {
  const layer = net.layer(l);
  const g = { delta: new Matrix(layer.units, probe.m), sigmaPrime: new Matrix(layer.units, probe.m), upstream: new Matrix(layer.units, probe.m) };
  if (l === net.depth) rules.outputDelta(layer.activation, loss, pass.z[l], pass.a[l], y, g);
  else rules.hiddenDelta(net.layer(l + 1).W, numericDelta[l], layer.activation, pass.z[l], pass.a[l], g);
  const numeric = numericDelta[l - 1];
  const entries: EntryResult[] = [];
  for (const i of picked) {
    entries.push({ index: unravel(i, [layer.units, probe.m]), analytic: g.delta.data[i], numeric: numeric.data[i], kink: probe.deltaKinks[l - 1]?.[i] === 1, noiseFloor: probe.deltaNoise[l - 1]?.[i] ?? 0 });
  }
  return summarize(entries, probe.epsilon);
}

function unravel(i: number, shape: number[]): number[] {
  return shape.length === 1 ? [i] : [Math.floor(i / shape[1]), i % shape[1]];
}

/**
 * Evaluates E on the check batch around the reference forward pass and takes centered differences, flagging kinks (a z
 * crossing 0 in a relu-like layer).
 */
class Probe {
  readonly m: number;
  private readonly pass: ForwardPass;
  readonly deltaKinks: Uint8Array[] = [];
  /** ν of each numeric δ entry (see noiseFloorOf). */
  readonly deltaNoise: Float64Array[] = [];
  constructor(private net: Network, private loss: Loss, private reference: ForwardPass, private y: Matrix, readonly epsilon: number) {
    this.m = reference.a[0].cols;
    this.pass = forwardBuffers(net, this.m);
    this.pass.a[0].data.set(reference.a[0].data);
  }

  /** Σ over samples of E after the forward pass. */
  private total(): number {
    return this.loss.sum(this.pass.a[this.net.depth], this.y, this.pass.z[this.net.depth]);
  }

  /**
   * (E(+) − E(−)) / 2ε with perturb(±1) applied to z^{from} before each forward pass from z^{from}; `row`: perturb
   * changes only that row of z^{from}, which lets the pass start from one unit (forwardFromRow).
   */
  centered(perturb: (sign: 1 | -1) => void, from: number, row?: number): { numeric: number; kink: boolean; lossMagnitude: number } {
    const oneUnit = row !== undefined && from < this.net.depth && !this.net.layer(from).activation.jacobianTransposeTimesInto;
    const run = oneUnit ? () => this.forwardFromRow(from, row) : () => forwardFromZ(this.net, from, this.pass);
    perturb(1);
    run();
    const plus = this.total();
    this.recordKinkSigns(from);
    perturb(-1);
    run();
    const minus = this.total();
    const kink = !this.sameKinkSigns(from);
    return { numeric: (plus - minus) / (2 * this.epsilon), kink, lossMagnitude: Math.max(Math.abs(plus), Math.abs(minus)) };
  }

  /** Copies the reference pass below layer l and returns z^l's buffer, ready for forward passes from z^l. */
  prepareFrom(l: number): Float64Array {
    for (let k = 1; k < l; k++) this.pass.a[k].data.set(this.reference.a[k].data);
    return this.pass.z[l].data;
  }

  /**
   * forwardFromZ(l) when z^l differs from the reference in row j only (σ elementwise, l < L): a^l_j = σ(z^l_j), then
   * z^{l+1} = z^{l+1}_ref + W^{l+1}_{:j} (a^l_j − a^l_j,ref), a rank-one update instead of a product with all of a^l.
   */
  private forwardFromRow(l: number, j: number): void {
    const m = this.m, a = this.pass.a[l].data, aRef = this.reference.a[l].data;
    const rowOf = (matrix: Matrix) => new Matrix(1, m, matrix.data.subarray(j * m, (j + 1) * m));
    a.set(aRef);
    this.net.layer(l).activation.forwardInto(rowOf(this.pass.z[l]), rowOf(this.pass.a[l]));
    const zNext = this.pass.z[l + 1].data, W = this.net.layer(l + 1).W;
    zNext.set(this.reference.z[l + 1].data);
    for (let r = 0; r < W.rows; r++) {
      const w = W.data[r * W.cols + j];
      for (let c = 0; c < m; c++) zNext[r * m + c] += w * (a[j * m + c] - aRef[j * m + c]);
    }
    forwardFromZ(this.net, l + 1, this.pass);
  }

  /** ∂(Σ E)/∂z^l for every unit and sample (or only the `only` entries; the rest stay NaN): the per-sample δ^l, numerically. */
  numericDelta(l: number, only?: number[]): Matrix {
    const out = new Matrix(this.net.layer(l).units, this.m);
    const kinks = new Uint8Array(out.data.length);
    const noise = new Float64Array(out.data.length);
    const z = this.pass.z[l], zRef = this.reference.z[l].data;
    this.prepareFrom(l);
    out.data.fill(NaN);
    for (const i of only ?? out.data.keys()) {
      const saved = zRef[i];
      const r = this.centered((sign) => { z.data.set(zRef); z.data[i] = saved + sign * this.epsilon; }, l, Math.floor(i / this.m));
      out.data[i] = r.numeric;
      kinks[i] = r.kink ? 1 : 0;
      noise[i] = noiseFloorOf(r.lossMagnitude, this.epsilon);
    }
    this.deltaKinks[l - 1] = kinks;
    this.deltaNoise[l - 1] = noise;
    return out;
  }

  private signs = new Uint8Array(0);

  /** Remembers the sign of every z (from layer `from` up) in layers whose activation has a kink at 0. */
  private recordKinkSigns(from: number): void {
    let n = 0;
    for (let l = from; l <= this.net.depth; l++) if (this.net.layer(l).activation.hasKinkAtZero) n += this.pass.z[l].data.length;
    if (this.signs.length < n) this.signs = new Uint8Array(n);
    let k = 0;
    for (let l = from; l <= this.net.depth; l++) {
      if (!this.net.layer(l).activation.hasKinkAtZero) continue;
      for (const v of this.pass.z[l].data) this.signs[k++] = v > 0 ? 1 : 0;
    }
  }

  /** True when no recorded z crossed 0 since recordKinkSigns. */
  private sameKinkSigns(from: number): boolean {
    let k = 0;
    for (let l = from; l <= this.net.depth; l++) {
      if (!this.net.layer(l).activation.hasKinkAtZero) continue;
      for (const v of this.pass.z[l].data) if ((v > 0 ? 1 : 0) !== this.signs[k++]) return false;
    }
    return true;
  }
}
