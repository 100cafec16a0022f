/**
 * Squared norms over the run's memory for the δ record: sumSquares(a, rows, cols, stride) = Σ_jk a_jk² and
 * sumSquaredDiff(a, b, rows, cols, stride) = Σ_jk (a_jk − b_jk)² over `rows` rows of `cols` elements `stride` bytes
 * apart (row padding skipped), accumulated in f64 (float32 elements promoted first), 4 elements per SIMD iteration.
 */
import { Asm, BYTES, type Elem } from './asm';
import type { ValType } from './wasm-encoder';

/** The body of sumSquares, or of sumSquaredDiff with `diff`. Returns f64. */
export function sumSquaresBody(elem: Elem, diff: boolean): Asm {
  const params: ValType[] = diff ? ['i32', 'i32', 'i32', 'i32', 'i32'] : ['i32', 'i32', 'i32', 'i32'];
  const f = new Asm(params, ['f64']);
  const [a, b, rows, cols, stride] = diff ? [0, 1, 2, 3, 4] : [0, -1, 1, 2, 3];
  const p = f.local('i32'), q = f.local('i32'), end = f.local('i32'), vectorEnd = f.local('i32'), r = f.local('i32');
  const acc = [f.local('v128'), f.local('v128')], v = f.local('v128'), s = f.local('f64'), x = f.local('f64');
  const eb = BYTES[elem];
  const advance = (bytes: number): void => {
    f.get(p).i32(bytes).add().set(p);
    if (diff) f.get(q).i32(bytes).add().set(q);
  };
  f.f64c(0).vSplat('f64').set(acc[0]).f64c(0).vSplat('f64').set(acc[1]);
  f.block().loop();
  f.get(r).get(rows).geS().brIf(1);
  f.get(a).get(r).get(stride).mul().add().set(p);
  if (diff) f.get(b).get(r).get(stride).mul().add().set(q);
  f.get(p).get(cols).i32(eb).mul().add().set(end);
  f.get(p).get(cols).i32(~3).and().i32(eb).mul().add().set(vectorEnd);
  f.block().loop();
  f.get(p).get(vectorEnd).ltU().eqz().brIf(1);
  for (const half of [0, 1]) {
    const load = (ptr: number): void => {
      if (elem === 'f32') f.get(ptr).vLoad64Zero(8 * half).vPromoteLow();
      else f.get(ptr).vLoad(16 * half);
    };
    load(p);
    if (diff) { load(q); f.vSub('f64'); }
    f.tee(v).get(v).vMul('f64').get(acc[half]).vAdd('f64').set(acc[half]);
  }
  advance(4 * eb);
  f.br(0).end().end();
  f.block().loop();
  f.get(p).get(end).ltU().eqz().brIf(1);
  f.get(p).eLoad(elem).toF64(elem);
  if (diff) f.get(q).eLoad(elem).toF64(elem).f64Sub();
  f.tee(x).get(x).f64Mul().get(s).f64Add().set(s);
  advance(eb);
  f.br(0).end().end();
  f.get(r).i32(1).add().set(r);
  f.br(0).end().end();
  f.get(acc[0]).get(acc[1]).vAdd('f64').tee(v).vExtract('f64', 0).get(v).vExtract('f64', 1).f64Add().get(s).f64Add();
  return f;
}
