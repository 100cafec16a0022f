/** GEMM throughput on the training step's shapes: A·B, Aᵀ·B and A·Bᵀ, ours (WasmGemm) and tfjs-wasm's matMul. */
import { WasmGemm } from '../../src/engine/fast/gemm';
import { detectFeatures } from '../../src/engine/fast/features';
import { median, report } from './common';

/** [name, M, N, K, transA, transB]: C (M×N) = op(A) op(B), operands stored as the trainer stores them. */
export const GEMM_SHAPES: [string, number, number, number, boolean, boolean][] = [
  ['forward W¹·X (256×784 · 784×64)', 256, 64, 784, false, false],
  ['BP4 Δ¹·Xᵀ (256×64 · 64×784)', 256, 784, 64, false, true],
  ['BP2 (W²)ᵀ·Δ² (256×128 · 128×64)', 256, 64, 128, true, false],
  ['512³ A·B', 512, 512, 512, false, false],
  ['512³ Aᵀ·B', 512, 512, 512, true, false],
  ['512³ A·Bᵀ', 512, 512, 512, false, true],
];

/** GFLOP/s (2MNK / t): median of 7 timed batches of ≥ 50 ms. */
function gflops(run: () => void, M: number, N: number, K: number): number {
  run();
  let reps = 1;
  for (let t = performance.now(); performance.now() - t < 50; reps++) run();
  const samples: number[] = [];
  for (let s = 0; s < 7; s++) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) run();
    samples.push((2 * M * N * K * reps) / ((performance.now() - t0) / 1000) / 1e9);
  }
  return median(samples);
}

export function runGemm(): void {
  const relaxed = detectFeatures().relaxedSimd;
  const rows = GEMM_SHAPES.map(([name, M, N, K, transA, transB]) => {
    const out: Record<string, number | string> = { name };
    for (const elem of ['f32', 'f64'] as const) {
      const g = new WasmGemm({ elem, relaxed, transA, transB, M, N, K });
      g.load(Float64Array.from({ length: M * K }, Math.random), Float64Array.from({ length: K * N }, Math.random));
      out[elem] = gflops(() => g.run(), M, N, K);
    }
    return out;
  });
  report({ system: 'gemm-ours', relaxed, rows });
}

export async function runGemmTfjs(): Promise<void> {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
  const rows = GEMM_SHAPES.map(([name, M, N, K, transA, transB]) => {
    const a = tf.randomUniform(transA ? [K, M] : [M, K]) as import('@tensorflow/tfjs-core').Tensor2D;
    const b = tf.randomUniform(transB ? [N, K] : [K, N]) as import('@tensorflow/tfjs-core').Tensor2D;
    const f32 = gflops(() => tf.matMul(a, b, transA, transB).dispose(), M, N, K);
    a.dispose();
    b.dispose();
    return { name, f32 };
  });
  report({ system: 'gemm-tfjs-wasm', rows });
}
