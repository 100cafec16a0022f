/** Runtime feature detection: validate tiny modules that use SIMD, relaxed-SIMD FMA and shared memory. */
import { Asm } from './asm';
import { ModuleBuilder } from './wasm-encoder';

export interface WasmFeatures { wasm: boolean; simd: boolean; relaxedSimd: boolean; threads: boolean }

function validates(shared: boolean, emit: (asm: Asm) => void): boolean {
  try {
    const builder = new ModuleBuilder({ initialPages: 1, maximumPages: 1, shared });
    const asm = new Asm(['i32'], []);
    emit(asm);
    builder.addFunction(asm, 'f');
    return WebAssembly.validate(builder.encode());
  } catch {
    return false;
  }
}

let cached: WasmFeatures | null = null;

/** What this runtime supports (computed once). */
export function detectFeatures(): WasmFeatures {
  if (cached) return cached;
  const wasm = typeof WebAssembly === 'object' && typeof WebAssembly.validate === 'function';
  const simd = wasm && validates(false, (a) => { a.get(0).get(0).vLoad().get(0).vLoad().vAdd('f32').vStore(); });
  const relaxedSimd = simd && validates(false, (a) => {
    a.get(0).get(0).vLoad().get(0).vLoad().get(0).vLoad().vRelaxedMadd('f32').vStore();
  });
  const threads = wasm && typeof SharedArrayBuffer === 'function' &&
    validates(true, (a) => { a.get(0).i32(1).atomicAdd().drop(); });
  cached = { wasm, simd, relaxedSimd, threads };
  return cached;
}
