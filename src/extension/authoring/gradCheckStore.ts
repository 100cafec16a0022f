/** The latest gradient-check result per spec (from runs or checks at initialisation), for hovers and code lenses. */
import type { GradCheckResult } from '../../protocol';

export class GradCheckStore {
  private readonly results = new Map<string, GradCheckResult>();

  set(specUri: string, result: GradCheckResult): void { this.results.set(specUri, result); }
  get(specUri: string): GradCheckResult | undefined { return this.results.get(specUri); }
}

/** One line per failing layer: which tensors failed and their largest relative errors. */
export function failingLayers(result: GradCheckResult): { layer: number; message: string }[] {
  return result.layers
    .filter((l) => [l.weights, l.biases, l.delta].some((t) => t.verdict === 'fail'))
    .map((l) => ({
      layer: l.layer,
      message: `Gradient check failed in layer ${l.layer} at step ${result.step}: max. relative error W ${l.weights.maxRelError.toExponential(2)}, b ${l.biases.maxRelError.toExponential(2)}, δ ${l.delta.maxRelError.toExponential(2)} (fail: |analytic − numeric| above the noise floor plus 1e-4·|numeric|)${result.culpritLayer === l.layer ? '; its BP1/BP2 step is the first to go wrong' : ''}.`,
    }));
}
