/**
 * Register-tiled GEMM generator: C (M×N) = A (M×K) · B (K×N), emitted inline into a wasm function.
 * A is read in place through two strides (so A and Aᵀ cost the same: v128 load-splat per element);
 * B is read as rows of NR contiguous elements, either in place (row-major K×N) or from packed panels
 * (transposed operands are packed first, see emitPackTransposed). MR×NR register tile: 4×8 f32 / 4×4 f64.
 */
import { Asm, BYTES, LANES, type Elem } from './asm';

const MR = 4;
/** v128 vectors per tile row. */
const NV = 2;
/** K steps per micro-kernel loop iteration (measured on the 2-vCPU EPYC with V8 11.3: 2 and 4 were 1.5–3× slower). */
const UNROLL = 1;

/** How the accumulators start on the first K block. */
type GemmInit = { kind: 'zero' } | { kind: 'bias'; bias: number /* local: pointer to M-vector */ };

/** What happens to a finished tile (applied once, after the last K block). */
type GemmEpilogue =
  | { kind: 'store' }
  /** C = acc·s, s a local holding a splatted v128. */
  | { kind: 'scale'; scale: number }
  /** C = acc; D = max(acc, 0) (relu forward). `out` is a local holding D − C in bytes (same strides). */
  | { kind: 'relu'; out: number }
  /** C = acc (upstream); D = acc ⊙ σ'(Y) (BP2). `out`, `source`: locals holding D − C and Y − C in bytes. */
  | { kind: 'derivative'; out: number; source: number; derivative: DerivativeFromValue };

/** σ' computed in SIMD from a stored value (z or a). */
export type DerivativeFromValue = 'reluZ' | 'leakyZ' | 'tanhA' | 'sigmoidA' | 'one';

export interface GemmDesc {
  elem: Elem;
  relaxed: boolean;
  M: number;
  /** Multiple of the lane count. */
  N: number;
  K: number;
  /** Element (i, p) of A is at a + i*aRowStride + p*aPStride (in elements). */
  aRowStride: number;
  aPStride: number;
  /** Row p of the j-th NR tile of B starts at b + jTile*bTileStride + p*bPStride (in elements). */
  bTileStride: number;
  bPStride: number;
  ldc: number;
  kc: number;
  /** Column range [j0, j1) computed: j0 a multiple of NR, j1 − j0 of the lane count; default all of N. */
  columns?: [number, number];
  init: GemmInit;
  epilogue: GemmEpilogue;
  leakySlope?: number;
}

/** Locals holding base pointers (bytes) and the row range [i0, i1) this call computes (i0 multiple of MR). */
export interface GemmPointers { a: number; b: number; c: number; i0: number; i1: number }

interface Scratch {
  acc: number[]; bv: number[]; av: number; pa: number; pb: number; pend: number; i: number;
  cRow: number; cEnd: number; paStart: number; pbStart: number;
}

function scratch(asm: Asm): Scratch {
  return {
    acc: Array.from({ length: MR * NV }, () => asm.local('v128')),
    bv: Array.from({ length: NV }, () => asm.local('v128')),
    av: asm.local('v128'),
    pa: asm.local('i32'), pb: asm.local('i32'), pend: asm.local('i32'), i: asm.local('i32'),
    cRow: asm.local('i32'), cEnd: asm.local('i32'), paStart: asm.local('i32'), pbStart: asm.local('i32'),
  };
}

/** Emits the whole product for rows [i0, i1): K blocks outermost, then MR row tiles, then NR column tiles. */
export function emitGemm(asm: Asm, d: GemmDesc, ptr: GemmPointers): void {
  if (d.N % LANES[d.elem] !== 0) throw new Error(`GEMM N=${d.N} must be a multiple of ${LANES[d.elem]}`);
  const s = scratch(asm);
  const blocks = Math.max(1, Math.ceil(d.K / d.kc));
  for (let blk = 0; blk < blocks; blk++) {
    const p0 = blk * d.kc;
    const kLen = Math.min(d.kc, d.K - p0);
    const flags = { first: blk === 0, last: blk === blocks - 1, p0, kLen };
    const mFull = d.M - (d.M % MR);
    // full MR tiles: for (i = i0; i < min(i1, mFull); i += MR)
    asm.get(ptr.i0).set(s.i);
    asm.block().loop();
    asm.get(s.i).get(ptr.i1).i32(mFull).get(ptr.i1).i32(mFull).ltS().select().geS().brIf(1);
    emitRowTile(asm, d, ptr, s, MR, flags);
    asm.get(s.i).i32(MR).add().set(s.i).br(0);
    asm.end().end();
    if (mFull < d.M) {
      asm.get(ptr.i1).i32(d.M).eq().if_();
      asm.i32(mFull).set(s.i);
      emitRowTile(asm, d, ptr, s, d.M - mFull, flags);
      asm.end();
    }
  }
}

interface BlockFlags { first: boolean; last: boolean; p0: number; kLen: number }

/** All column tiles of one row tile starting at local s.i: a loop over full NR tiles, then the narrower rest. */
function emitRowTile(asm: Asm, d: GemmDesc, ptr: GemmPointers, s: Scratch, mr: number, f: BlockFlags): void {
  const lanes = LANES[d.elem];
  const nr = NV * lanes;
  const eb = BYTES[d.elem];
  const [j0, j1] = d.columns ?? [0, d.N];
  const fullTiles = Math.floor((j1 - j0) / nr);
  // cRow = c + (i*ldc + j0)*eb ; paStart = a + (i*aRowStride + p0*aPStride)*eb
  asm.get(ptr.c).get(s.i).i32(d.ldc * eb).mul().add().i32(j0 * eb).add().set(s.cRow);
  asm.get(ptr.a).get(s.i).i32(d.aRowStride * eb).mul().add().i32(f.p0 * d.aPStride * eb).add().set(s.paStart);
  asm.get(ptr.b).i32(((j0 / nr) * d.bTileStride + f.p0 * d.bPStride) * eb).add().set(s.pbStart);
  if (fullTiles > 0) {
    asm.get(s.cRow).i32(fullTiles * nr * eb).add().set(s.cEnd);
    asm.loop();
    emitMicroKernel(asm, d, s, mr, NV, f);
    asm.get(s.pbStart).i32(d.bTileStride * eb).add().set(s.pbStart);
    asm.get(s.cRow).i32(nr * eb).add().tee(s.cRow).get(s.cEnd).ne().brIf(0);
    asm.end();
  }
  const restVectors = (j1 - j0 - fullTiles * nr) / lanes;
  if (restVectors > 0) emitMicroKernel(asm, d, s, mr, restVectors, f);
}

/** One MR×(nv·lanes) tile at cRow, A from paStart, B from pbStart, over one K block. */
function emitMicroKernel(asm: Asm, d: GemmDesc, s: Scratch, mr: number, nv: number, f: BlockFlags): void {
  const e = d.elem;
  const eb = BYTES[e];
  const vb = 16;
  const cOff = (r: number, v: number): number => r * d.ldc * eb + v * vb;
  asm.get(s.paStart).set(s.pa);
  asm.get(s.pbStart).set(s.pb);
  for (let r = 0; r < mr; r++) {
    for (let v = 0; v < nv; v++) {
      const acc = s.acc[r * NV + v];
      if (!f.first) asm.get(s.cRow).vLoad(cOff(r, v));
      else if (d.init.kind === 'zero') asm.op(0xfd, 0x0c).op(...new Array(16).fill(0));
      else asm.get(d.init.bias).get(s.i).i32(eb).mul().add().vLoadSplat(e, r * eb);
      asm.set(acc);
    }
  }
  // p loop, unrolled by UNROLL: pend = pa + (kLen rounded down)*aPStride*eb; the odd steps after it
  const unrolled = f.kLen - (f.kLen % UNROLL);
  if (unrolled > 0) {
    asm.get(s.pa).i32(unrolled * d.aPStride * eb).add().set(s.pend);
    asm.loop();
    for (let u = 0; u < UNROLL; u++) emitRank1Update(asm, d, s, mr, nv, u);
    asm.get(s.pb).i32(UNROLL * d.bPStride * eb).add().set(s.pb);
    asm.get(s.pa).i32(UNROLL * d.aPStride * eb).add().tee(s.pa).get(s.pend).ne().brIf(0);
    asm.end();
  }
  for (let u = 0; u < f.kLen % UNROLL; u++) emitRank1Update(asm, d, s, mr, nv, u);
  for (let r = 0; r < mr; r++) for (let v = 0; v < nv; v++) emitStore(asm, d, s, s.acc[r * NV + v], cOff(r, v), f.last);
}

/** acc += A[:, p+u] · B[p+u, :] for the tile (pa, pb point at step p; u is folded into the load offsets). */
function emitRank1Update(asm: Asm, d: GemmDesc, s: Scratch, mr: number, nv: number, u: number): void {
  const e = d.elem;
  const eb = BYTES[e];
  for (let v = 0; v < nv; v++) asm.get(s.pb).vLoad((u * d.bPStride * eb) + v * 16).set(s.bv[v]);
  for (let r = 0; r < mr; r++) {
    asm.get(s.pa).vLoadSplat(e, (u * d.aPStride + r * d.aRowStride) * eb);
    if (nv > 1) asm.set(s.av);
    for (let v = 0; v < nv; v++) {
      const acc = s.acc[r * NV + v];
      if (nv > 1) asm.get(s.av);
      if (d.relaxed) asm.get(s.bv[v]).get(acc).vRelaxedMadd(e).set(acc);
      else asm.get(s.bv[v]).vMul(e).get(acc).vAdd(e).set(acc);
    }
  }
}

/** Stores one accumulator vector at cRow+offset, applying the epilogue after the last K block. */
function emitStore(asm: Asm, d: GemmDesc, s: Scratch, acc: number, offset: number, last: boolean): void {
  const e = d.elem;
  const ep = d.epilogue;
  if (!last || ep.kind === 'store') { asm.get(s.cRow).get(acc).vStore(offset); return; }
  if (ep.kind === 'scale') { asm.get(s.cRow).get(acc).get(ep.scale).vMul(e).vStore(offset); return; }
  asm.get(s.cRow).get(acc).vStore(offset);
  // D lives at the same offset from its own base: out + (cRow - c)
  if (ep.kind === 'relu') {
    asm.get(s.cRow).get(ep.out).add().op(0xfd, 0x0c).op(...new Array(16).fill(0)).get(acc).vPmax(e).vStore(offset);
    return;
  }
  asm.get(s.cRow).get(ep.out).add().get(acc);
  emitDerivative(asm, e, ep.derivative, () => asm.get(s.cRow).get(ep.source).add().vLoad(offset), d.leakySlope ?? 0.01);
  asm.vStore(offset);
}

/** Pushes acc ⊙ σ'(y) given acc on the stack and a loader of y; leaves one v128. */
function emitDerivative(asm: Asm, e: Elem, kind: DerivativeFromValue, loadY: () => void, slope: number): void {
  const one = (): void => { asm.ec(e, 1).vSplat(e); };
  switch (kind) {
    case 'one': return;
    case 'reluZ': loadY(); asm.op(0xfd, 0x0c).op(...new Array(16).fill(0)).vGt(e).vAnd(); return;
    case 'leakyZ': {
      // bitselect(1, slope, z > 0) then multiply
      one(); asm.ec(e, slope).vSplat(e); loadY(); asm.op(0xfd, 0x0c).op(...new Array(16).fill(0)).vGt(e).vBitselect().vMul(e);
      return;
    }
    case 'tanhA': one(); loadY(); loadY(); asm.vMul(e).vSub(e).vMul(e); return;
    case 'sigmoidA': loadY(); one(); loadY(); asm.vSub(e).vMul(e).vMul(e); return;
  }
}

/** Elements per packed panel row (NR). */
export function panelWidth(elem: Elem): number { return NV * LANES[elem]; }
