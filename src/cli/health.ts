/** The CLI's side of the training-health rules: one summary per epoch, findings printed like spec diagnostics. */
import { HealthWindow, type HealthFinding } from '../engine/monitor/health';
import { summarizeLayer } from '../engine/monitor/layer-summaries';
import type { LayerSnapshot } from '../engine/train/training-types';
import { specLocation } from './format';

/** The last epochs' layer summaries (one snapshot each: the epoch's last mini-batch) and the findings over them. */
export class EpochHealth {
  private readonly window = new HealthWindow();
  /** ‖δ^l‖ per layer (l = 1 … L) of the last summary added. */
  private norms: number[] = [];

  add(layers: LayerSnapshot[]): void {
    const summaries = layers.map((layer) => {
      const { deadShare, saturatedShare, deltaNorm } = summarizeLayer(layer);
      return { activation: layer.activation, deadShare, saturatedShare, deltaNorm };
    });
    this.norms = summaries.map((s) => s.deltaNorm);
    this.window.add(summaries);
  }

  /** ‖δ^l‖ per layer of the last epoch's last mini-batch (vanishing gradients: small toward layer 1). */
  lastNorms(): number[] { return this.norms.slice(); }

  findings(): HealthFinding[] { return this.window.findings(); }
}

/** `‖δ^l‖ at the last mini-batch: layer 1 2.1e-5 · layer 2 8.0e-5 · …` */
export function normsLine(norms: readonly number[]): string {
  return `‖δ^l‖ at the last mini-batch: ${norms.map((n, i) => `layer ${i + 1} ${n.toExponential(1)}`).join(' · ')}`;
}

/** `file:line:column: warning: message [kind]` at the finding's `layers[l]` object in the spec text. */
export function healthLine(specPath: string, specText: string, finding: HealthFinding): string {
  return `${specLocation(specPath, specText, ['layers', finding.layer])}: warning: ${finding.message} [${finding.kind}]`;
}
