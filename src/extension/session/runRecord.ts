/** What a run folder's metrics.json holds: how the run ended, its setup, every epoch row, gradient-check verdicts. */
import type { EpochMetrics, GradCheckResult, MonitorState, NonFiniteReport, RunState } from '../../protocol';

export interface RunRecordInput {
  runId: string;
  specPath: string;
  state: RunState;
  message: string | null;
  nonFinite?: NonFiniteReport;
  monitor: MonitorState;
  epochs: EpochMetrics[];
}

/** A gradient check without its per-entry lists (verdict and largest errors per layer). */
function checkSummary(result: GradCheckResult): unknown {
  return {
    step: result.step, passed: result.passed, culpritLayer: result.culpritLayer,
    layers: result.layers.map((l) => ({ layer: l.layer, weights: l.weights.maxRelError, biases: l.biases.maxRelError, delta: l.delta.maxRelError })),
  };
}

export function metricsRecord(input: RunRecordInput): unknown {
  const lastLoss = input.monitor.losses.at(-1);
  return {
    format: 'backprop-lens/metrics@1', runId: input.runId, spec: input.specPath, state: input.state, message: input.message,
    ...(input.nonFinite ? { nonFinite: input.nonFinite } : {}),
    info: input.monitor.info, lastStep: lastLoss?.step ?? 0, epochs: input.epochs,
    gradientChecks: input.monitor.gradChecks.map(checkSummary),
  };
}
