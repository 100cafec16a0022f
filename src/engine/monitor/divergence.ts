/**
 * Telling a diverged run from a wrong derivative: keep the last weights whose loss was finite, and when the loss
 * or δ stops being finite, gradient-check those weights. A pass means backprop is right and the step size is not;
 * a failure names the layer whose derivative is wrong.
 */
import type { Dataset } from '../data/dataset';
import { gradCheckVerdict, type GradCheckReport } from '../check/gradcheck';
import { parametersFinite } from './layer-summaries';
import { checkGradients } from '../train/run';
import type { NetworkSpec } from '../spec/types';
import type { LayerParameters, Trainer } from '../train/training-types';

/** Weights as they were before `step` (0-based count of steps already trained). */
export interface Checkpoint { step: number; parameters: LayerParameters[] }

export interface DivergenceDiagnosis {
  verdict: 'diverged' | 'wrong-derivative' | 'unchecked';
  /** The step whose weights were checked, if any. */
  checkedStep: number | null;
  report: GradCheckReport | null;
  /** One sentence for the user. */
  sentence: string;
}

/**
 * Copies the weights every `every` steps and confirms the copy once the loss computed on it is finite. Keeps the
 * first confirmed copy too: near divergence the weights can be too large for finite differences to mean anything.
 */
export class DivergenceWatch {
  private pending: Checkpoint | null = null;
  private confirmed: Checkpoint | null = null;
  private earliest: Checkpoint | null = null;
  private lastTaken = -Infinity;

  /** Every 25 steps: a copy of P weights costs ~1–2% of one step, so ≤ 0.1% of training time. */
  constructor(private readonly every = 25) {}

  /** The last weights that gave a finite loss, or null. */
  get lastFinite(): Checkpoint | null { return this.confirmed; }
  /** The first weights that gave a finite loss (usually the initial ones), or null. */
  get firstFinite(): Checkpoint | null { return this.earliest; }

  /** Call before trainer.trainStep(). */
  beforeStep(trainer: Trainer): void {
    if (trainer.step - this.lastTaken < this.every) return;
    this.pending = { step: trainer.step, parameters: trainer.parameters() };
    this.lastTaken = trainer.step;
  }

  /** Call with the step's loss (computed on the weights from before the step). */
  afterStep(loss: number): void {
    if (this.pending && Number.isFinite(loss)) {
      this.confirmed = this.pending;
      this.earliest ??= this.pending;
    }
    this.pending = null;
  }
}

const NO_WEIGHTS = 'the loss was not finite from the first step, so there are no finite weights to check: look at the data\'s scale (try "normalize": "standardize") and the initialisation';

/** A check that shows the gradients right: no failing entry, and no tensor lost in rounding noise (huge |E|). */
function confirmsGradients(report: GradCheckReport): boolean {
  return report.passed && gradCheckVerdict(report).conclusive;
}

/** Why the late check did not confirm the gradients, for the sentence. */
function lateProblem(report: GradCheckReport): string {
  if (report.passed) return 'every entry of some layer at the rounding-noise floor of E';
  const late = culprit(report);
  return `layer ${late.layer} off by ${late.error.toExponential(1)}`;
}

/** The failing layer of a report and its largest relative error. */
function culprit(report: GradCheckReport): { layer: number; error: number } {
  const failing = report.layers.filter((l) => [l.weights, l.biases, l.delta].some((t) => t.verdict === 'fail'));
  const worst = report.layers.find((l) => l.layer === report.culpritLayer) ?? failing[0] ?? report.layers[0];
  return { layer: worst.layer, error: Math.max(worst.weights.maxRelError, worst.biases.maxRelError, worst.delta.maxRelError) };
}

/**
 * Gradient check of the last finite weights; if it fails there (finite differences break down on huge weights),
 * of the first finite ones too. Any pass: the derivatives are right, the run diverged. Both fail: a derivative is wrong.
 */
export function diagnoseDivergence(spec: NetworkSpec, dataset: Dataset, last: Checkpoint | null, first: Checkpoint | null = null): DivergenceDiagnosis {
  const lr = spec.optimizer.learningRate;
  if (!last || !parametersFinite(last.parameters)) return { verdict: 'unchecked', checkedStep: null, report: null, sentence: NO_WEIGHTS };
  const lastReport = checkGradients(spec, dataset, last.parameters);
  if (confirmsGradients(lastReport)) {
    return { verdict: 'diverged', checkedStep: last.step, report: lastReport, sentence: `the gradient check on the last finite weights (before step ${last.step + 1}) passes in every layer, so the gradients are correct: the learning rate (${lr}) is too high and the run diverged` };
  }
  const sane = first && first.step !== last.step && parametersFinite(first.parameters) ? first : null;
  const saneReport = sane ? checkGradients(spec, dataset, sane.parameters) : null;
  if (sane && saneReport && confirmsGradients(saneReport)) {
    return { verdict: 'diverged', checkedStep: sane.step, report: saneReport, sentence: `the gradient check passes on the weights before step ${sane.step + 1}, so the gradients are correct; by step ${last.step + 1} the weights had grown too large for finite differences (${lateProblem(lastReport)}): the learning rate (${lr}) is too high and the run diverged` };
  }
  const report = saneReport ?? lastReport;
  const { layer, error } = culprit(report);
  const step = (sane ?? last).step + 1;
  return { verdict: 'wrong-derivative', checkedStep: step - 1, report, sentence: `the gradient check fails in layer ${layer} (before step ${step}, max relative error ${error.toExponential(1)}): a derivative is wrong, not the learning rate` };
}
