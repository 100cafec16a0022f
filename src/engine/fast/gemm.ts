/** A standalone WebAssembly GEMM: C = op(A)·op(B) for op ∈ {identity, transpose}, used by tests and benchmarks. */
import { Asm, BYTES, LANES, type Elem } from './asm';
import { emitPackTransposed } from './pack-codegen';
import { emitGemm, panelWidth } from './gemm-codegen';
import { ModuleBuilder } from './wasm-encoder';

export interface GemmOptions {
  elem: Elem;
  relaxed: boolean;
  transA: boolean;
  transB: boolean;
  /** C is M×N, the inner dimension is K. */
  M: number;
  N: number;
  K: number;
  kc?: number;
}

type Floats = Float32Array | Float64Array;

const PAGE = 65536;
const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

/** A compiled product for one shape: copies operands in, runs, copies C out (row-major M×N). */
export class WasmGemm {
  private readonly memory: WebAssembly.Memory;
  private readonly gemm: (a: number, b: number, c: number, i0: number, i1: number) => number;
  private readonly pack: (src: number, dst: number) => number;
  private readonly nPad: number;
  private readonly addr: { a: number; b: number; bPacked: number; c: number };

  constructor(readonly options: GemmOptions) {
    const { elem, M, N, K, transA, transB } = options;
    const eb = BYTES[elem];
    const nr = panelWidth(elem);
    this.nPad = roundUp(N, LANES[elem]);
    const bytes = (count: number): number => roundUp(count * eb, 64);
    const a = 64;
    const b = a + bytes(M * K);
    const bPacked = b + bytes(K * Math.max(this.nPad, N));
    const c = bPacked + bytes(K * roundUp(N, nr));
    const end = c + bytes(M * this.nPad);
    this.addr = { a, b, bPacked, c };
    const pages = Math.ceil(end / PAGE) + 1;
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const builder = new ModuleBuilder({ initialPages: pages, maximumPages: pages, shared: false });
    const g = new Asm(['i32', 'i32', 'i32', 'i32', 'i32']);
    emitGemm(g, {
      elem, relaxed: options.relaxed, M, N: this.nPad, K,
      aRowStride: transA ? 1 : K, aPStride: transA ? M : 1,
      bTileStride: transB ? K * nr : nr, bPStride: transB ? nr : this.nPad,
      ldc: this.nPad, kc: options.kc ?? 128, init: { kind: 'zero' }, epilogue: { kind: 'store' },
    }, { a: 0, b: 1, c: 2, i0: 3, i1: 4 });
    builder.addFunction(g, 'gemm');
    const p = new Asm(['i32', 'i32']);
    emitPackTransposed(p, elem, N, K, K, 0, 1, 0, Math.ceil(N / nr));
    builder.addFunction(p, 'pack');
    const instance = new WebAssembly.Instance(new WebAssembly.Module(builder.encode()), { env: { memory: this.memory } });
    this.gemm = instance.exports.gemm as (a: number, b: number, c: number, i0: number, i1: number) => number;
    this.pack = instance.exports.pack as (src: number, dst: number) => number;
  }

  private view(byteOffset: number, length: number): Floats {
    const Ctor = this.options.elem === 'f32' ? Float32Array : Float64Array;
    return new Ctor(this.memory.buffer, byteOffset, length);
  }

  /** Copies A (M×K, or K×M when transA) and B (K×N, or N×K when transB) into wasm memory, row-major. */
  load(aValues: ArrayLike<number>, bValues: ArrayLike<number>): void {
    const { M, N, K, transB } = this.options;
    this.view(this.addr.a, M * K).set(aValues);
    if (transB) { this.view(this.addr.b, N * K).set(bValues); return; }
    const b = this.view(this.addr.b, K * this.nPad);
    b.fill(0);
    for (let p = 0; p < K; p++) for (let j = 0; j < N; j++) b[p * this.nPad + j] = bValues[p * N + j];
  }

  /** Packs op(B) if needed and computes C; `times` repeats for benchmarking. */
  run(times = 1): void {
    const { M, transB } = this.options;
    for (let t = 0; t < times; t++) {
      let b = this.addr.b;
      if (transB) { this.pack(this.addr.b, this.addr.bPacked); b = this.addr.bPacked; }
      this.gemm(this.addr.a, b, this.addr.c, 0, M);
    }
  }

  /** C as a row-major M×N copy. */
  result(): Floats {
    const { M, N } = this.options;
    const c = this.view(this.addr.c, M * this.nPad);
    const out = this.options.elem === 'f32' ? new Float32Array(M * N) : new Float64Array(M * N);
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) out[i * N + j] = c[i * this.nPad + j];
    return out;
  }
}
