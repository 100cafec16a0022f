/** Weight initialisation: W^l_jk ~ N(0, s²) with s from the layer's fan-in (and fan-out). */
import type { InitName } from '../spec/types';
import { Rng } from './rng';

/** he: s = √(2 / fanIn); xavier (Glorot normal): s = √(2 / (fanIn + fanOut)). Biases start at 0. */
export function initialWeights(init: InitName, fanIn: number, fanOut: number, rng: Rng): Float64Array {
  const s = init === 'he' ? Math.sqrt(2 / fanIn) : Math.sqrt(2 / (fanIn + fanOut));
  const w = new Float64Array(fanOut * fanIn);
  for (let i = 0; i < w.length; i++) w[i] = rng.normal() * s;
  return w;
}
