/**
 * Judging the gradient check. Entry i compares analytic a with numeric n = (E(θ+ε) − E(θ−ε)) / 2ε, whose rounding
 * noise is about ν = |E|·u/ε (u = 2⁻⁵³, the check runs in float64). With d = |a − n|, in the form of
 * torch.autograd.gradcheck (|a − n| ≤ atol + rtol·|n|) with atol = ν:
 *   pass   d ≤ 1e-7·|n|           (CS231n's "happy" band; both zero is a pass)
 *   noise  d ≤ ν                   (at the noise floor: within what rounding in E alone makes; not judged further)
 *   warn   d ≤ ν + 1e-4·|n|
 *   fail   otherwise.
 * One verdict function (gradCheckVerdict) gives the words every view uses.
 */
import { Rng } from '../nn/rng';

export type Verdict = 'pass' | 'noise' | 'warn' | 'fail';

/** rtol of the pass band and of the warn band. */
const PASS_THRESHOLD = 1e-7;
const WARN_THRESHOLD = 1e-4;
/** Unit roundoff of float64, the check's arithmetic. */
const UNIT_ROUNDOFF = 2 ** -53;
/** ν = NOISE_ULPS · u · |E| / ε: a few rounding errors in each of E(θ+ε) and E(θ−ε). */
const NOISE_ULPS = 16;

export interface EntryResult {
  index: number[];
  analytic: number;
  numeric: number;
  kink: boolean;
  /** ν: the rounding noise of `numeric`. */
  noiseFloor: number;
  relError?: number;
  verdict?: Verdict;
}

export interface TensorCheck {
  /** The worst entry verdict (fail > warn > pass > noise); 'noise' only when every judged entry is at the noise floor. */
  verdict: Verdict;
  /** Largest and median relative error over entries above the noise floor (0 when there are none). */
  maxRelError: number;
  medianRelError: number;
  checked: number;
  kinks: number;
  /** Entries within the noise floor. */
  atNoiseFloor: number;
  epsilon: number;
  /** The worst non-kink entries first (at most 5). */
  worst: EntryResult[];
  /** Every checked entry (for scatter plots). */
  entries: EntryResult[];
}

/** Rounding noise of a centered difference of E: ν = NOISE_ULPS·u·|E|/ε, divided by `scale` when n is (E+ − E−)/(2ε·scale). */
export function noiseFloorOf(lossMagnitude: number, epsilon: number, scale = 1): number {
  return (NOISE_ULPS * UNIT_ROUNDOFF * lossMagnitude) / (epsilon * scale);
}

/** |a − n| / max(|a|, |n|); both zero is a match. */
function relativeError(analytic: number, numeric: number): number {
  if (analytic === 0 && numeric === 0) return 0;
  if (!Number.isFinite(analytic) || !Number.isFinite(numeric)) return Infinity;
  return Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric));
}

/** The rule above: |a − n| against PASS_THRESHOLD·|n|, then ν, then ν + WARN_THRESHOLD·|n|. */
export function entryVerdict(analytic: number, numeric: number, noiseFloor: number): Verdict {
  const d = Math.abs(analytic - numeric);
  if (!Number.isFinite(d)) return 'fail';
  if (d <= PASS_THRESHOLD * Math.abs(numeric)) return 'pass';
  if (d <= noiseFloor) return 'noise';
  return d <= noiseFloor + WARN_THRESHOLD * Math.abs(numeric) ? 'warn' : 'fail';
}

const SEVERITY: Record<Verdict, number> = { noise: 0, pass: 1, warn: 2, fail: 3 };

/** The most severe of some verdicts (fail > warn > pass > noise); 'pass' for none. */
export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((worst, v) => (SEVERITY[v] > SEVERITY[worst] ? v : worst), verdicts.length ? 'noise' : 'pass');
}

/** Indices 0..n−1 when n ≤ max, else `max` distinct seeded choices in ascending order. */
export function pickEntries(n: number, max: number, rng: Rng): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const chosen = new Set<number>();
  while (chosen.size < max) chosen.add(rng.int(n));
  return [...chosen].sort((a, b) => a - b);
}

export function summarize(entries: EntryResult[], epsilon: number): TensorCheck {
  for (const e of entries) {
    e.relError = relativeError(e.analytic, e.numeric);
    e.verdict = entryVerdict(e.analytic, e.numeric, e.noiseFloor);
  }
  const judged = entries.filter((e) => !e.kink);
  const aboveNoise = judged.filter((e) => e.verdict !== 'noise').sort((a, b) => b.relError! - a.relError!);
  const errors = aboveNoise.map((e) => e.relError!);
  return {
    verdict: judged.length ? worstVerdict(judged.map((e) => e.verdict!)) : 'pass',
    maxRelError: errors.length ? errors[0] : 0,
    medianRelError: errors.length ? errors[Math.floor(errors.length / 2)] : 0,
    checked: entries.length, kinks: entries.length - judged.length, atNoiseFloor: judged.length - aboveNoise.length, epsilon,
    worst: [...aboveNoise, ...judged.filter((e) => e.verdict === 'noise')].slice(0, 5), entries,
  };
}

/** What a check's words are built from: the engine's report or the monitor's copy of it. */
export interface VerdictInput {
  culpritLayer: number | null;
  layers: readonly { layer: number; weights: TensorVerdictInput; biases: TensorVerdictInput; delta: TensorVerdictInput }[];
}
interface TensorVerdictInput { verdict: Verdict; maxRelError: number; atNoiseFloor?: number }

export interface CheckVerdict {
  /** pass: no warn or fail entry; warn: some entry in the warn band, none failing; fail: some entry failing. */
  verdict: 'pass' | 'warn' | 'fail';
  /** Largest relative error above the noise floor over every tensor. */
  worst: number;
  /** "W², δ³" style list of the tensors with the verdict (empty for pass). */
  tensors: string[];
  /** One sentence: "passed", "passed with warnings in …" or "FAILED in …", with the largest relative error. */
  sentence: string;
  /** False when some tensor has every entry at the noise floor: finite differences could not tell there. */
  conclusive: boolean;
}

/** The one verdict of a whole check, used by the notification, the summary lines, the CLI and the cells' legend. */
export function gradCheckVerdict(report: VerdictInput): CheckVerdict {
  const named = report.layers.flatMap((l) => ([['W', l.weights], ['b', l.biases], ['δ', l.delta]] as const).map(([name, t]) => ({ name: `${name}${l.layer}`, t })));
  const overall = worstVerdict(named.map((n) => n.t.verdict));
  const verdict = overall === 'fail' ? 'fail' : overall === 'warn' ? 'warn' : 'pass';
  const worst = Math.max(0, ...named.map((n) => n.t.maxRelError));
  const tensors = verdict === 'pass' ? [] : named.filter((n) => n.t.verdict === verdict).map((n) => n.name);
  const floor = named.reduce((sum, n) => sum + (n.t.atNoiseFloor ?? 0), 0);
  const atFloor = floor ? `; ${floor} entr${floor === 1 ? 'y' : 'ies'} at the noise floor` : '';
  const largest = `max. relative error ${worst.toExponential(2)}${atFloor}`;
  const culprit = report.culpritLayer !== null ? `; the δ check first fails in layer ${report.culpritLayer}` : '';
  const sentence = verdict === 'pass' ? `passed (${largest})`
    : verdict === 'warn' ? `passed with warnings in ${tensors.join(', ')} (${largest})`
      : `FAILED in ${tensors.join(', ')} (${largest}${culprit})`;
  return { verdict, worst, tensors, sentence, conclusive: named.every((n) => n.t.verdict !== 'noise') };
}
