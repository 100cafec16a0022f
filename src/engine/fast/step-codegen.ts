/**
 * The generated training module for one network: forward(tid) and backward(tid) phases with every buffer at a
 * fixed offset of one memory, split over `threads` threads — the forward pass and BP2 by samples, BP4 and the
 * updates by fan-in columns — so every element is computed by one thread in a fixed order: results do not depend
 * on the thread count. Four barriers per step. And workerLoop(tid) for helper threads.
 */
import { Asm, BYTES } from './asm';
import { emitPackTransposed } from './pack-codegen';
import { emitGemm, panelWidth, type DerivativeFromValue, type GemmDesc } from './gemm-codegen';
import {
  SPIN_LIMIT, barrierBody, emitActivation, emitBiasGradient, emitGather, emitUpdate, emitUpdateScalars,
  type OptimizerConstants, type SourceType,
} from './elementwise-codegen';
import { CONTROL, splitRange, type Layout, type LayerLayout } from './layout';
import { addMathFunctions, type MathFunctions } from './math-codegen';
import { sumSquaresBody } from './norms-codegen';
import { ModuleBuilder } from './wasm-encoder';
import type { ActivationName } from '../spec/types';

export interface StepModuleOptions {
  layout: Layout;
  relaxed: boolean;
  threads: number;
  source: SourceType;
  xScale: number;
  optimizer: OptimizerConstants;
  pages: number;
  kc?: number;
}

/** Commands the main thread posts to helper threads (CONTROL.command). */
export const COMMAND = { stop: 0, forward: 1, train: 2 } as const;

interface Ctx { o: StepModuleOptions; L: Layout; math: MathFunctions; barrier: number }

export function buildStepModule(o: StepModuleOptions): Uint8Array<ArrayBuffer> {
  const builder = new ModuleBuilder({ initialPages: o.pages, maximumPages: o.pages, shared: o.threads > 1 });
  const math = addMathFunctions(builder);
  const barrier = builder.addFunction(o.threads > 1 ? barrierBody(o.threads) : new Asm([]), 'barrier');
  const ctx: Ctx = { o, L: o.layout, math, barrier };
  const forward = builder.addFunction(forwardBody(ctx), 'forward');
  const backward = builder.addFunction(backwardBody(ctx), 'backward');
  builder.addFunction(workerLoopBody(forward, backward), 'workerLoop');
  builder.addFunction(sumSquaresBody(o.layout.elem, false), 'sumSquares');
  builder.addFunction(sumSquaresBody(o.layout.elem, true), 'sumSquaredDiff');
  return builder.encode();
}

/** Emits `body(t)` under `if (tid == t)` for each thread (one copy per thread, ranges known at build time). */
function perThread(asm: Asm, threads: number, body: (t: number) => void): void {
  if (threads === 1) { body(0); return; }
  for (let t = 0; t < threads; t++) { asm.get(0).i32(t).eq().if_(); body(t); asm.end(); }
}

/** The batch's columns [c0, c1) of thread t (NR-aligned): the forward pass and BP2 are per sample. */
function columnsOf(c: Ctx, t: number): [number, number] {
  return splitRange(c.L.mPad, c.o.threads, panelWidth(c.L.elem))[t];
}

/** Gather, then every layer's z = W a + b and a = σ(z) on the thread's own samples; one barrier at the end. */
function forwardBody(c: Ctx): Asm {
  const { o, L } = c;
  const asm = new Asm(['i32']);
  const gp = { a: asm.local('i32'), b: asm.local('i32'), c: asm.local('i32'), i0: asm.local('i32'), i1: asm.local('i32') };
  const [bias, outDelta] = [asm.local('i32'), asm.local('i32')];
  perThread(asm, o.threads, (t) => {
    const [c0, c1] = columnsOf(c, t);
    if (c1 <= c0) return;
    emitGather(asm, L, o.source, o.xScale, c0, c1);
    L.layers.forEach((layer, index) => {
      const isOutput = index === L.layers.length - 1;
      const relu = !isOutput && layer.activation === 'relu';
      asm.i32(layer.W).set(gp.a).i32(index === 0 ? L.input : L.layers[index - 1].A).set(gp.b).i32(layer.Z).set(gp.c);
      asm.i32(0).set(gp.i0).i32(layer.units).set(gp.i1).i32(layer.b).set(bias).i32(layer.A - layer.Z).set(outDelta);
      emitGemm(asm, {
        ...gemmBase(c), M: layer.units, N: L.mPad, K: layer.fanIn, columns: [c0, c1],
        aRowStride: layer.kPad, aPStride: 1, bTileStride: panelWidth(L.elem), bPStride: L.mPad, ldc: L.mPad,
        init: { kind: 'bias', bias }, epilogue: relu ? { kind: 'relu', out: outDelta } : { kind: 'store' },
      }, gp);
      if (!isOutput && !relu) {
        emitActivation(asm, L.elem, layer.activation, c.math, { z: layer.Z, a: layer.A, rows: layer.units, stride: L.mPad, c0, c1 });
      }
    });
  });
  asm.call(c.barrier);
  return asm;
}

function gemmBase(c: Ctx): Pick<GemmDesc, 'elem' | 'relaxed' | 'kc'> {
  return { elem: c.L.elem, relaxed: c.o.relaxed, kc: c.o.kc ?? 128 };
}

interface BackwardLocals { gp: { a: number; b: number; c: number; i0: number; i1: number }; outDelta: number; sourceDelta: number; invM: number }

/**
 * After δ^L (written by the main thread): BP2 down all layers on the thread's samples; barrier; BP3/BP4 and the
 * updates of every layer, split by fan-in columns (bias on thread 0); barrier. Three barriers per backward pass.
 */
function backwardBody(c: Ctx): Asm {
  const { o, L } = c;
  const asm = new Asm(['i32']);
  const scalars = emitUpdateScalars(asm, L.elem, o.optimizer);
  const invM = asm.local('v128');
  asm.i32(0).f64Load(CONTROL.invM).fromF64(L.elem).vSplat(L.elem).set(invM);
  const gp = { a: asm.local('i32'), b: asm.local('i32'), c: asm.local('i32'), i0: asm.local('i32'), i1: asm.local('i32') };
  const [outDelta, sourceDelta] = [asm.local('i32'), asm.local('i32')];
  const locals: BackwardLocals = { gp, outDelta, sourceDelta, invM };
  asm.call(c.barrier);
  perThread(asm, o.threads, (t) => {
    for (let index = L.layers.length - 1; index >= 1; index--) emitDeltaPhase(asm, c, index, t, locals);
  });
  asm.call(c.barrier);
  perThread(asm, o.threads, (t) => {
    for (let index = L.layers.length - 1; index >= 0; index--) {
      if (t === 0) emitBiasPhase(asm, c, L.layers[index], scalars);
      emitWeightPhase(asm, c, index, t, locals, scalars);
    }
  });
  asm.call(c.barrier);
  return asm;
}

function emitBiasPhase(asm: Asm, c: Ctx, layer: LayerLayout, scalars: ReturnType<typeof emitUpdateScalars>): void {
  const { L, o } = c;
  const lanes = 16 / BYTES[L.elem];
  emitBiasGradient(asm, L.elem, layer.delta, layer.db, layer.units, L.mPad);
  emitUpdate(asm, L.elem, o.optimizer, scalars, {
    param: layer.b, grad: layer.db, state: layer.stateB, rows: 1, stride: 0, c0: 0, c1: Math.ceil(layer.units / lanes) * lanes, l2: false,
  });
}

/** BP2 for layer index+1 → index on the thread's samples: U^{l−1} = (W^l)ᵀ Δ^l, Δ^{l−1} = U ⊙ σ'. */
function emitDeltaPhase(asm: Asm, c: Ctx, index: number, t: number, l: BackwardLocals): void {
  const { L } = c;
  const [c0, c1] = columnsOf(c, t);
  if (c1 <= c0) return;
  const layer = L.layers[index];
  const prev = L.layers[index - 1];
  asm.i32(layer.W).set(l.gp.a).i32(layer.delta).set(l.gp.b).i32(prev.upstream).set(l.gp.c);
  asm.i32(0).set(l.gp.i0).i32(layer.fanIn).set(l.gp.i1);
  const [derivative, source] = derivativeSource(prev);
  asm.i32(prev.delta - prev.upstream).set(l.outDelta).i32(source - prev.upstream).set(l.sourceDelta);
  emitGemm(asm, {
    ...gemmBase(c), M: layer.fanIn, N: L.mPad, K: layer.units, columns: [c0, c1], aRowStride: 1, aPStride: layer.kPad,
    bTileStride: panelWidth(L.elem), bPStride: L.mPad, ldc: L.mPad, init: { kind: 'zero' },
    epilogue: { kind: 'derivative', out: l.outDelta, source: l.sourceDelta, derivative },
  }, l.gp);
}

/** Thread t's share of layer index+1 on its fan-in range: pack (A^{l−1})ᵀ, BP4 dW = Δ^l (A^{l−1})ᵀ / m, update W. */
function emitWeightPhase(asm: Asm, c: Ctx, index: number, t: number, l: BackwardLocals, scalars: ReturnType<typeof emitUpdateScalars>): void {
  const { L, o } = c;
  const layer = L.layers[index];
  const nr = panelWidth(L.elem);
  const [k0, k1raw] = splitRange(layer.fanIn, o.threads, nr)[t];
  const k1 = t === o.threads - 1 ? layer.kPad : k1raw;
  if (k1 <= k0) return;
  asm.i32(index > 0 ? L.layers[index - 1].A : L.input).set(l.gp.a).i32(layer.panels).set(l.gp.b);
  emitPackTransposed(asm, L.elem, layer.fanIn, L.mPad, L.mPad, l.gp.a, l.gp.b, k0 / nr, Math.ceil(Math.min(k1, layer.fanIn) / nr));
  asm.i32(layer.delta).set(l.gp.a).i32(layer.panels).set(l.gp.b).i32(layer.dW).set(l.gp.c).i32(0).set(l.gp.i0).i32(layer.units).set(l.gp.i1);
  emitGemm(asm, {
    ...gemmBase(c), M: layer.units, N: layer.kPad, K: L.mPad, aRowStride: L.mPad, aPStride: 1,
    bTileStride: L.mPad * nr, bPStride: nr, ldc: layer.kPad, columns: [k0, k1], init: { kind: 'zero' },
    epilogue: { kind: 'scale', scale: l.invM },
  }, l.gp);
  emitUpdate(asm, L.elem, o.optimizer, scalars, {
    param: layer.W, grad: layer.dW, state: layer.stateW, rows: layer.units, stride: layer.kPad, c0: k0, c1: k1, l2: true,
  });
}

/** σ' of a hidden layer from what its forward pass stored. */
function derivativeSource(layer: LayerLayout): [DerivativeFromValue, number] {
  const byActivation: Record<ActivationName, [DerivativeFromValue, number] | null> = {
    relu: ['reluZ', layer.Z], leaky_relu: ['leakyZ', layer.Z], tanh: ['tanhA', layer.A], sigmoid: ['sigmoidA', layer.A],
    linear: ['one', layer.Z], softmax: null,
  };
  const found = byActivation[layer.activation];
  if (!found) throw new Error(`the fast path has no hidden ${layer.activation} layer`);
  return found;
}

/** Helper threads: wait for CONTROL.commandSeq to change, run forward (and backward for train), until stop. */
function workerLoopBody(forward: number, backward: number): Asm {
  const asm = new Asm(['i32']);
  const [seen, command, spins] = [asm.local('i32'), asm.local('i32'), asm.local('i32')];
  // seen starts at 0 like CONTROL.commandSeq, so a helper that starts late still sees the first command
  asm.block().loop();
  // wait for a new command
  asm.i32(0).set(spins);
  asm.block().loop();
  asm.i32(0).atomicLoad(CONTROL.commandSeq).get(seen).ne().brIf(1);
  asm.get(spins).i32(1).add().tee(spins).i32(SPIN_LIMIT).gtS().if_();
  asm.i32(0).get(seen).i64(-1).atomicWait(CONTROL.commandSeq).drop();
  asm.end();
  asm.br(0);
  asm.end().end();
  asm.i32(0).atomicLoad(CONTROL.commandSeq).set(seen);
  asm.i32(0).atomicLoad(CONTROL.command).tee(command).eqz().brIf(1);
  asm.get(0).call(forward);
  asm.get(command).i32(COMMAND.train).eq().if_().get(0).call(backward).end();
  asm.br(0);
  asm.end().end();
  return asm;
}

