/** Instruction-level helpers over FunctionBody: named opcodes for the integer, float, SIMD and atomic subsets used. */
import { FunctionBody, pushSleb, type ValType } from './wasm-encoder';

export type Elem = 'f32' | 'f64';

/** Bytes per element and lanes per v128 for an element type. */
export const BYTES: Record<Elem, number> = { f32: 4, f64: 8 };
export const LANES: Record<Elem, number> = { f32: 4, f64: 2 };

const SIMD = 0xfd;
const ATOMIC = 0xfe;

export class Asm extends FunctionBody {
  constructor(params: ValType[], results: ValType[] = []) { super(params, results); }

  get(i: number): this { return this.op(0x20).uleb(i); }
  set(i: number): this { return this.op(0x21).uleb(i); }
  tee(i: number): this { return this.op(0x22).uleb(i); }
  i32(n: number): this { this.op(0x41); pushSleb(this.bytes, n | 0); return this; }
  i64(n: number): this { this.op(0x42); pushSleb(this.bytes, n); return this; }
  f64c(x: number): this {
    this.op(0x44);
    for (const b of new Uint8Array(new Float64Array([x]).buffer)) this.bytes.push(b);
    return this;
  }
  f32c(x: number): this {
    this.op(0x43);
    for (const b of new Uint8Array(new Float32Array([x]).buffer)) this.bytes.push(b);
    return this;
  }
  /** Constant of the element type. */
  ec(elem: Elem, x: number): this { return elem === 'f32' ? this.f32c(x) : this.f64c(x); }

  // control flow (blocks without results)
  block(): this { return this.op(0x02, 0x40); }
  loop(): this { return this.op(0x03, 0x40); }
  if_(): this { return this.op(0x04, 0x40); }
  else_(): this { return this.op(0x05); }
  end(): this { return this.op(0x0b); }
  br(depth: number): this { return this.op(0x0c).uleb(depth); }
  brIf(depth: number): this { return this.op(0x0d).uleb(depth); }
  call(index: number): this { return this.op(0x10).uleb(index); }
  drop(): this { return this.op(0x1a); }
  select(): this { return this.op(0x1b); }

  // memory: align is log2 of the natural alignment we promise (kept at 0 = no promise where unsure)
  private mem(opcode: number, align: number, offset: number): this { return this.op(opcode).uleb(align).uleb(offset); }
  i32Load(offset = 0): this { return this.mem(0x28, 2, offset); }
  i32Store(offset = 0): this { return this.mem(0x36, 2, offset); }
  u8Load(offset = 0): this { return this.mem(0x2d, 0, offset); }
  f32Load(offset = 0): this { return this.mem(0x2a, 2, offset); }
  f64Load(offset = 0): this { return this.mem(0x2b, 3, offset); }
  f32Store(offset = 0): this { return this.mem(0x38, 2, offset); }
  f64Store(offset = 0): this { return this.mem(0x39, 3, offset); }
  /** Scalar load/store of the element type. */
  eLoad(elem: Elem, offset = 0): this { return elem === 'f32' ? this.f32Load(offset) : this.f64Load(offset); }
  eStore(elem: Elem, offset = 0): this { return elem === 'f32' ? this.f32Store(offset) : this.f64Store(offset); }

  // i32 arithmetic and comparisons
  add(): this { return this.op(0x6a); }
  sub(): this { return this.op(0x6b); }
  mul(): this { return this.op(0x6c); }
  shl(): this { return this.op(0x74); }
  and(): this { return this.op(0x71); }
  eqz(): this { return this.op(0x45); }
  eq(): this { return this.op(0x46); }
  ne(): this { return this.op(0x47); }
  ltS(): this { return this.op(0x48); }
  ltU(): this { return this.op(0x49); }
  geS(): this { return this.op(0x4e); }
  gtS(): this { return this.op(0x4a); }

  // f64 scalar math
  f64Add(): this { return this.op(0xa0); }
  f64Sub(): this { return this.op(0xa1); }
  f64Mul(): this { return this.op(0xa2); }
  f64Div(): this { return this.op(0xa3); }
  f64Max(): this { return this.op(0xa5); }
  f64Min(): this { return this.op(0xa4); }
  f64Sqrt(): this { return this.op(0x9f); }
  f64Neg(): this { return this.op(0x9a); }
  f64Nearest(): this { return this.op(0x9e); }
  f64Gt(): this { return this.op(0x64); }
  f64Lt(): this { return this.op(0x63); }
  f64Ge(): this { return this.op(0x66); }
  f64ConvertI32S(): this { return this.op(0xb7); }
  i32TruncF64S(): this { return this.op(0xaa); }
  i64ExtendI32S(): this { return this.op(0xac); }
  i64Add(): this { return this.op(0x7c); }
  i64Shl(): this { return this.op(0x86); }
  f64ReinterpretI64(): this { return this.op(0xbf); }
  f32DemoteF64(): this { return this.op(0xb6); }
  f64PromoteF32(): this { return this.op(0xbb); }
  f64ConvertI32U(): this { return this.op(0xb8); }
  /** Converts a loaded element to f64 (no-op for f64). */
  toF64(elem: Elem): this { return elem === 'f32' ? this.f64PromoteF32() : this; }
  /** Converts an f64 on the stack to the element type. */
  fromF64(elem: Elem): this { return elem === 'f32' ? this.f32DemoteF64() : this; }

  // SIMD
  private simd(opcode: number): this { return this.op(SIMD).uleb(opcode); }
  vLoad(offset = 0): this { return this.simd(0x00).uleb(0).uleb(offset); }
  vStore(offset = 0): this { return this.simd(0x0b).uleb(0).uleb(offset); }
  /** Broadcast-load one element into all lanes. */
  vLoadSplat(elem: Elem, offset = 0): this { return this.simd(elem === 'f32' ? 0x09 : 0x0a).uleb(0).uleb(offset); }
  /** Loads 8 bytes into the low half, zeroes the high half (v128.load64_zero). */
  vLoad64Zero(offset = 0): this { return this.simd(0x5d).uleb(0).uleb(offset); }
  /** The two low f32 lanes as f64x2 (f64x2.promote_low_f32x4). */
  vPromoteLow(): this { return this.simd(0x5f); }
  vSplat(elem: Elem): this { return this.simd(elem === 'f32' ? 0x13 : 0x14); }
  vExtract(elem: Elem, lane: number): this { return this.simd(elem === 'f32' ? 0x1f : 0x21).op(lane); }
  vAdd(elem: Elem): this { return this.simd(elem === 'f32' ? 0xe4 : 0xf0); }
  vSub(elem: Elem): this { return this.simd(elem === 'f32' ? 0xe5 : 0xf1); }
  vMul(elem: Elem): this { return this.simd(elem === 'f32' ? 0xe6 : 0xf2); }
  vDiv(elem: Elem): this { return this.simd(elem === 'f32' ? 0xe7 : 0xf3); }
  vSqrt(elem: Elem): this { return this.simd(elem === 'f32' ? 0xe3 : 0xef); }
  vPmax(elem: Elem): this { return this.simd(elem === 'f32' ? 0xeb : 0xf7); }
  vGt(elem: Elem): this { return this.simd(elem === 'f32' ? 0x44 : 0x4a); }
  vAnd(): this { return this.simd(0x4e); }
  vBitselect(): this { return this.simd(0x52); }
  /** a*b+c with one rounding (relaxed FMA; the runtime may also round twice). Stack: a b c. */
  vRelaxedMadd(elem: Elem): this { return this.simd(elem === 'f32' ? 0x105 : 0x107); }

  // atomics (shared memory)
  private atomic(opcode: number, align: number, offset: number): this { return this.op(ATOMIC).uleb(opcode).uleb(align).uleb(offset); }
  atomicLoad(offset = 0): this { return this.atomic(0x10, 2, offset); }
  atomicStore(offset = 0): this { return this.atomic(0x17, 2, offset); }
  atomicAdd(offset = 0): this { return this.atomic(0x1e, 2, offset); }
  /** memory.atomic.wait32: addr expected timeout(i64 ns) -> 0 ok, 1 not-equal, 2 timed out. */
  atomicWait(offset = 0): this { return this.atomic(0x01, 2, offset); }
  /** memory.atomic.notify: addr count -> woken. */
  atomicNotify(offset = 0): this { return this.atomic(0x00, 2, offset); }
}
