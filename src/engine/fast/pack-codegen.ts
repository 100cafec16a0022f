/** Packing for the GEMM's B side: a transposed operand copied into NR-wide panels (zero-padded), in wasm. */
import { Asm, BYTES, type Elem } from './asm';
import { panelWidth } from './gemm-codegen';

/**
 * Packs the transpose of S (N rows × K, row stride lds) into NR-wide panels for use as B = Sᵀ (K×N):
 * P[t*K*NR + p*NR + jj] = S[(t*NR+jj)*lds + p], zero for rows ≥ N. Panels [t0, t1) only (compile time).
 */
export function emitPackTransposed(asm: Asm, elem: Elem, N: number, K: number, lds: number,
  src: number, dst: number, t0: number, t1: number): void {
  const nr = panelWidth(elem);
  const ps = asm.local('i32');
  const pd = asm.local('i32');
  const pend = asm.local('i32');
  const t = asm.local('i32');
  const fullEnd = Math.min(t1, Math.floor(N / nr));
  if (fullEnd > t0) {
    asm.i32(t0).set(t);
    asm.loop();
    emitPackPanel(asm, elem, nr, K, lds, { src, dst, t, ps, pd, pend });
    asm.get(t).i32(1).add().tee(t).i32(fullEnd).ne().brIf(0);
    asm.end();
  }
  for (let tp = Math.max(t0, fullEnd); tp < t1; tp++) {
    asm.i32(tp).set(t);
    emitPackPanel(asm, elem, Math.max(0, N - tp * nr), K, lds, { src, dst, t, ps, pd, pend });
  }
}

/** One panel (index in local t) with its first `rows` rows copied and the rest of NR zero-filled. */
function emitPackPanel(asm: Asm, elem: Elem, rows: number, K: number, lds: number,
  l: { src: number; dst: number; t: number; ps: number; pd: number; pend: number }): void {
  const eb = BYTES[elem];
  const nr = panelWidth(elem);
  asm.get(l.src).get(l.t).i32(nr * lds * eb).mul().add().set(l.ps);
  asm.get(l.dst).get(l.t).i32(K * nr * eb).mul().add().tee(l.pd).i32(K * nr * eb).add().set(l.pend);
  asm.loop();
  for (let jj = 0; jj < nr; jj++) {
    asm.get(l.pd);
    if (jj < rows) asm.get(l.ps).eLoad(elem, jj * lds * eb);
    else asm.ec(elem, 0);
    asm.eStore(elem, jj * eb);
  }
  asm.get(l.ps).i32(eb).add().set(l.ps);
  asm.get(l.pd).i32(nr * eb).add().tee(l.pd).get(l.pend).ne().brIf(0);
  asm.end();
}
