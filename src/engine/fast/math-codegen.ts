/** Scalar float64 exp, tanh and sigmoid as wasm functions (wasm has no transcendental instructions). */
import { Asm } from './asm';
import type { ModuleBuilder } from './wasm-encoder';

export interface MathFunctions { exp: number; tanh: number; sigmoid: number }

const LOG2E = 1.4426950408889634;
const LN2_HI = 6.93147180369123816490e-01;
const LN2_LO = 1.90821492927058770002e-10;

/** e^x = 2^n · P(r), x = n ln2 + r, |r| ≤ ln2/2, P the degree-12 Taylor polynomial (error < 2e-16 relative). */
function expBody(): Asm {
  const f = new Asm(['f64'], ['f64']);
  const n = f.local('f64');
  const r = f.local('f64');
  // x = min(max(x, -700), 700)
  f.get(0).f64c(-700).f64Max().f64c(700).f64Min().set(0);
  f.get(0).f64c(LOG2E).f64Mul().f64Nearest().set(n);
  f.get(0).get(n).f64c(LN2_HI).f64Mul().f64Sub().get(n).f64c(LN2_LO).f64Mul().f64Sub().set(r);
  // Horner: p = 1/12!; p = p*r + 1/k! for k = 11..0
  let factorial = 1;
  const inverseFactorials: number[] = [1];
  for (let k = 1; k <= 12; k++) { factorial *= k; inverseFactorials.push(1 / factorial); }
  f.f64c(inverseFactorials[12]);
  for (let k = 11; k >= 0; k--) f.get(r).f64Mul().f64c(inverseFactorials[k]).f64Add();
  // × 2^n built from the exponent bits
  f.get(n).i32TruncF64S().i64ExtendI32S().i64(1023).i64Add().i64(52).i64Shl().f64ReinterpretI64().f64Mul();
  return f;
}

/** tanh x = sign(x)·(1 − t)/(1 + t), t = e^{−2|x|} */
function tanhBody(exp: number): Asm {
  const f = new Asm(['f64'], ['f64']);
  const t = f.local('f64');
  f.get(0).op(0x99).f64c(-2).f64Mul().call(exp).set(t);
  f.f64c(1).get(t).f64Sub().f64c(1).get(t).f64Add().f64Div().get(0).op(0xa6); // f64.copysign
  return f;
}

/** σ(x) = 1/(1 + e^{−x}) */
function sigmoidBody(exp: number): Asm {
  const f = new Asm(['f64'], ['f64']);
  f.f64c(1).f64c(1).get(0).f64Neg().call(exp).f64Add().f64Div();
  return f;
}

/** Adds the three functions (exported as exp, tanh, sigmoid for tests) and returns their indices. */
export function addMathFunctions(builder: ModuleBuilder): MathFunctions {
  const exp = builder.addFunction(expBody(), 'exp');
  const tanh = builder.addFunction(tanhBody(exp), 'tanh');
  const sigmoid = builder.addFunction(sigmoidBody(exp), 'sigmoid');
  return { exp, tanh, sigmoid };
}
