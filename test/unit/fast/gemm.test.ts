import { strict as assert } from 'node:assert';
import { WasmGemm } from '../../../src/engine/fast/gemm';
import { detectFeatures } from '../../../src/engine/fast/features';
import { Rng } from '../../../src/engine/nn/rng';

/** C = op(A)·op(B) in float64 with plain loops. */
function naiveProduct(a: Float64Array, b: Float64Array, M: number, N: number, K: number, transA: boolean, transB: boolean): Float64Array {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let sum = 0;
      for (let p = 0; p < K; p++) sum += (transA ? a[p * M + i] : a[i * K + p]) * (transB ? b[j * K + p] : b[p * N + j]);
      c[i * N + j] = sum;
    }
  }
  return c;
}

/** max |c − ref| / (Σ_p |a||b|), a relative error that stays meaningful under cancellation. */
function maxRelativeError(c: ArrayLike<number>, ref: Float64Array, scale: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(c[i] - ref[i]) / Math.max(scale[i], 1e-300));
  return worst;
}

const SHAPES: [number, number, number][] = [[1, 1, 1], [3, 7, 5], [7, 3, 257], [257, 13, 9], [5, 257, 31], [64, 64, 64], [33, 17, 300]];
const VARIANTS: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];
const features = detectFeatures();

describe('fast/WasmGemm', () => {
  for (const elem of ['f32', 'f64'] as const) {
    const tolerance = elem === 'f32' ? 1e-5 : 1e-12;
    for (const relaxed of features.relaxedSimd ? [false, true] : [false]) {
      for (const [transA, transB] of VARIANTS) {
        const name = `${transA ? 'Aᵀ' : 'A'}·${transB ? 'Bᵀ' : 'B'}`;
        it(`${elem}${relaxed ? ' relaxed' : ''} ${name} matches the naive product on odd shapes (rel ≤ ${tolerance})`, () => {
          const rng = new Rng(7);
          for (const [M, N, K] of SHAPES) {
            for (const kc of [4, 128]) {
              const a = Float64Array.from({ length: M * K }, () => rng.uniform(-1, 1));
              const b = Float64Array.from({ length: K * N }, () => rng.uniform(-1, 1));
              const gemm = new WasmGemm({ elem, relaxed, transA, transB, M, N, K, kc });
              gemm.load(a, b);
              gemm.run();
              const ref = naiveProduct(a, b, M, N, K, transA, transB);
              const scale = naiveProduct(a.map(Math.abs), b.map(Math.abs), M, N, K, transA, transB);
              const err = maxRelativeError(gemm.result(), ref, scale);
              assert.ok(err <= tolerance, `${M}x${N}x${K} kc ${kc}: relative error ${err}`);
            }
          }
        });
      }
    }
  }

  it('detects SIMD on this runtime', () => {
    assert.equal(features.simd, true);
  });
});
