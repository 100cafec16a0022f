/** Generated element-wise phases: batch gather, hidden activations, BP3 bias gradients, optimizer updates, barriers. */
import { Asm, BYTES, type Elem } from './asm';
import { CONTROL, type Layout } from './layout';
import type { MathFunctions } from './math-codegen';
import type { ActivationName, OptimizerType } from '../spec/types';

export type SourceType = 'u8' | 'f32' | 'f64';
const SOURCE_BYTES: Record<SourceType, number> = { u8: 1, f32: 4, f64: 8 };

/** A^0 columns [c0, c1): A0[k·mPad + c] = x[idx[c]·inputSize + k]·scale for c < mReal, else 0. Data pointer from CONTROL. */
export function emitGather(asm: Asm, L: Layout, src: SourceType, scale: number, c0: number, c1: number): void {
  if (c1 <= c0 || L.inputSize === 0) return;
  const eb = BYTES[L.elem];
  const sb = SOURCE_BYTES[src];
  const [c, ps, po, pend] = [asm.local('i32'), asm.local('i32'), asm.local('i32'), asm.local('i32')];
  const colStride = L.mPad * eb;
  asm.i32(c0).set(c);
  asm.loop();
  asm.get(c).i32(eb).mul().i32(L.input).add().tee(po).i32(L.inputSize * colStride).add().set(pend);
  asm.get(c).i32(0).i32Load(CONTROL.mReal).ltS().if_();
  asm.i32(0).i32Load(CONTROL.dataPtr).get(c).i32(4).mul().i32Load(L.indices).i32(L.inputSize * sb).mul().add().set(ps);
  asm.loop();
  asm.get(po);
  if (src === 'u8') asm.get(ps).u8Load().f64ConvertI32U();
  else if (src === 'f32') asm.get(ps).f32Load().f64PromoteF32();
  else asm.get(ps).f64Load();
  asm.f64c(scale).f64Mul().fromF64(L.elem).eStore(L.elem);
  asm.get(ps).i32(sb).add().set(ps);
  asm.get(po).i32(colStride).add().tee(po).get(pend).ne().brIf(0);
  asm.end();
  asm.else_();
  asm.loop();
  asm.get(po).ec(L.elem, 0).eStore(L.elem);
  asm.get(po).i32(colStride).add().tee(po).get(pend).ne().brIf(0);
  asm.end();
  asm.end();
  asm.get(c).i32(1).add().tee(c).i32(c1).ltS().brIf(0);
  asm.end();
}

/** A = σ(Z) on rows × columns [c0, c1) of (rows × stride) matrices at byte offsets z, a (hidden layers but relu). */
export function emitActivation(asm: Asm, elem: Elem, activation: ActivationName, math: MathFunctions,
  at: { z: number; a: number; rows: number; stride: number; c0: number; c1: number }): void {
  if (at.c1 <= at.c0 || at.rows <= 0) return;
  const eb = BYTES[elem];
  const [row, o, end] = [asm.local('i32'), asm.local('i32'), asm.local('i32')];
  const v = asm.local('f64');
  asm.i32(0).set(row);
  asm.loop();
  asm.get(row).i32(at.c0 * eb).add().tee(o).i32((at.c1 - at.c0) * eb).add().set(end);
  asm.loop();
  asm.get(o).get(o).eLoad(elem, at.z).toF64(elem).set(v);
  switch (activation) {
    case 'tanh': asm.get(v).call(math.tanh); break;
    case 'sigmoid': asm.get(v).call(math.sigmoid); break;
    case 'leaky_relu': asm.get(v).get(v).f64c(0.01).f64Mul().get(v).f64c(0).f64Gt().select(); break;
    case 'linear': asm.get(v); break;
    case 'relu': asm.get(v).f64c(0).f64Max(); break;
    default: throw new Error(`the fast path has no hidden ${activation} layer`);
  }
  asm.fromF64(elem).eStore(elem, at.a);
  asm.get(o).i32(eb).add().tee(o).get(end).ne().brIf(0);
  asm.end();
  asm.get(row).i32(at.stride * eb).add().tee(row).i32(at.rows * at.stride * eb).ne().brIf(0);
  asm.end();
}

/** BP3: db[j] = (1/m) Σ_c Δ[j·mPad + c] for j < units (sum in float64; 1/m from CONTROL). */
export function emitBiasGradient(asm: Asm, elem: Elem, delta: number, db: number, units: number, mPad: number): void {
  const eb = BYTES[elem];
  const [row, o, end] = [asm.local('i32'), asm.local('i32'), asm.local('i32')];
  const sum = asm.local('f64');
  asm.i32(0).set(row);
  asm.loop();
  asm.f64c(0).set(sum);
  asm.get(row).i32(mPad * eb).mul().tee(o).i32(mPad * eb).add().set(end);
  asm.loop();
  asm.get(sum).get(o).eLoad(elem, delta).toF64(elem).f64Add().set(sum);
  asm.get(o).i32(eb).add().tee(o).get(end).ne().brIf(0);
  asm.end();
  asm.get(row).i32(eb).mul().get(sum).i32(0).f64Load(CONTROL.invM).f64Mul().fromF64(elem).eStore(elem, db);
  asm.get(row).i32(1).add().tee(row).i32(units).ne().brIf(0);
  asm.end();
}

export interface OptimizerConstants { type: OptimizerType; momentum: number; beta1: number; beta2: number; epsilon: number; l2: number }

/** v128 locals with the optimizer's scalars splatted, loaded once per backward pass. */
export interface UpdateScalars { lr: number; lrc: number; ic2: number; consts: Map<string, number> }

export function emitUpdateScalars(asm: Asm, elem: Elem, opt: OptimizerConstants): UpdateScalars {
  const splat = (load: () => void): number => { const l = asm.local('v128'); load(); asm.fromF64(elem).vSplat(elem).set(l); return l; };
  const lr = splat(() => asm.i32(0).f64Load(CONTROL.learningRate));
  const lrc = splat(() => asm.i32(0).f64Load(CONTROL.learningRate).i32(0).f64Load(CONTROL.adamC1).f64Div());
  const ic2 = splat(() => asm.f64c(1).i32(0).f64Load(CONTROL.adamC2).f64Div());
  const consts = new Map<string, number>();
  const values: Record<string, number> = {
    mu: opt.momentum, b1: opt.beta1, omb1: 1 - opt.beta1, b2: opt.beta2, omb2: 1 - opt.beta2, eps: opt.epsilon, l2: opt.l2,
  };
  for (const [name, value] of Object.entries(values)) consts.set(name, splat(() => asm.f64c(value)));
  return { lr, lrc, ic2, consts };
}

export interface UpdateTarget { param: number; grad: number; state: number[]; rows: number; stride: number; c0: number; c1: number; l2: boolean }

/** θ ← update(θ, g + λθ) over rows × columns [c0, c1) (multiples of the lane count), SIMD. */
export function emitUpdate(asm: Asm, elem: Elem, opt: OptimizerConstants, s: UpdateScalars, t: UpdateTarget): void {
  if (t.c1 <= t.c0 || t.rows <= 0) return;
  const e = elem;
  const eb = BYTES[e];
  const [row, o, end] = [asm.local('i32'), asm.local('i32'), asm.local('i32')];
  const [g, v] = [asm.local('v128'), asm.local('v128')];
  const k = (name: string): number => s.consts.get(name) as number;
  asm.i32(0).set(row);
  asm.loop();
  asm.get(row).i32(t.c0 * eb).add().tee(o).i32((t.c1 - t.c0) * eb).add().set(end);
  asm.loop();
  asm.get(o).vLoad(t.grad);
  if (t.l2 && opt.l2 > 0) asm.get(o).vLoad(t.param).get(k('l2')).vMul(e).vAdd(e);
  asm.set(g);
  if (opt.type === 'sgd') {
    asm.get(o).get(o).vLoad(t.param).get(s.lr).get(g).vMul(e).vSub(e).vStore(t.param);
  } else if (opt.type === 'momentum') {
    asm.get(k('mu')).get(o).vLoad(t.state[0]).vMul(e).get(s.lr).get(g).vMul(e).vSub(e).set(v);
    asm.get(o).get(v).vStore(t.state[0]);
    asm.get(o).get(o).vLoad(t.param).get(v).vAdd(e).vStore(t.param);
  } else {
    asm.get(o).get(k('b1')).get(o).vLoad(t.state[0]).vMul(e).get(k('omb1')).get(g).vMul(e).vAdd(e).vStore(t.state[0]);
    asm.get(k('b2')).get(o).vLoad(t.state[1]).vMul(e).get(k('omb2')).get(g).get(g).vMul(e).vMul(e).vAdd(e).set(v);
    asm.get(o).get(v).vStore(t.state[1]);
    asm.get(o).get(o).vLoad(t.param).get(s.lrc).get(o).vLoad(t.state[0]).vMul(e);
    asm.get(v).get(s.ic2).vMul(e).vSqrt(e).get(k('eps')).vAdd(e).vDiv(e).vSub(e).vStore(t.param);
  }
  asm.get(o).i32(16).add().tee(o).get(end).ltS().brIf(0);
  asm.end();
  asm.get(row).i32(t.stride * eb).add().tee(row).i32(t.rows * t.stride * eb).ne().brIf(0);
  asm.end();
}

/**
 * Spins (atomic loads) before a waiting thread sleeps in memory.atomic.wait32: a few µs. Measured with a third
 * process busy on one of 2 cores: 200,000 spins made 2 threads 2× slower than 1; 1,000–20,000 gave 1.1–1.3 s/epoch.
 */
export const SPIN_LIMIT = 5000;

/**
 * A sense-counting barrier for `threads` threads on CONTROL words: the last to arrive resets the count and bumps
 * the generation; the others spin on the generation, then sleep in memory.atomic.wait32.
 */
export function barrierBody(threads: number): Asm {
  const f = new Asm([]);
  const [gen, spins] = [f.local('i32'), f.local('i32')];
  f.i32(0).atomicLoad(CONTROL.barrierGeneration).set(gen);
  f.i32(0).i32(1).atomicAdd(CONTROL.barrierCount).i32(threads - 1).eq().if_();
  f.i32(0).i32(0).atomicStore(CONTROL.barrierCount);
  f.i32(0).i32(1).atomicAdd(CONTROL.barrierGeneration).drop();
  f.i32(0).i32(threads).atomicNotify(CONTROL.barrierGeneration).drop();
  f.else_();
  f.block().loop();
  f.i32(0).atomicLoad(CONTROL.barrierGeneration).get(gen).ne().brIf(1);
  f.get(spins).i32(1).add().tee(spins).i32(SPIN_LIMIT).gtS().if_();
  f.i32(0).get(gen).i64(-1).atomicWait(CONTROL.barrierGeneration).drop();
  f.end();
  f.br(0);
  f.end().end();
  f.end();
  return f;
}
