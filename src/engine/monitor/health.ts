/**
 * Why a network may not learn, read from its recent δ snapshots: dead relu units, saturated σ', and ‖δ^l‖ that
 * vanishes or explodes toward the input. The monitor draws these; the extension turns findings into warnings.
 */
import type { ActivationName } from '../spec/types';

/** Norm ratio between layers (as powers of ten) above which the monitor warns. */
const NORM_SPREAD_WARNING_ORDERS = 2;
/** A finding must hold in each of this many consecutive snapshots (one bad batch is not a diagnosis). */
export const HEALTH_WINDOW = 5;
/** Share of a layer's relu units dead (σ′ = 0 on every sample) that makes a finding. */
const DEAD_SHARE = 0.5;
/** Share of a hidden layer's unit-samples with σ′ < 0.01 that makes a finding: a well-trained, confident tanh layer
 * often has 80 %, so only a layer that is saturated nearly everywhere (δ^l nearly zero) is called out. */
const SATURATED_SHARE = 0.9;

export interface NormSpread {
  /** log10(max ‖δ‖ / min ‖δ‖) over layers with a finite, positive norm. */
  orders: number;
  /** Layers holding the smallest and the largest norm (1-based). */
  smallestLayer: number;
  largestLayer: number;
  warning: string | null;
}

/** How far apart the layers' ‖δ^l‖ are; a warning naming vanishing or exploding gradients when ≥ 2 orders. */
export function normSpread(norms: readonly number[]): NormSpread | null {
  let min = Infinity, max = -Infinity, smallestLayer = 0, largestLayer = 0;
  norms.forEach((n, i) => {
    if (!(n > 0) || !Number.isFinite(n)) return;
    if (n < min) { min = n; smallestLayer = i + 1; }
    if (n > max) { max = n; largestLayer = i + 1; }
  });
  if (smallestLayer === 0) return null;
  const orders = Math.log10(max / min);
  const kind = smallestLayer < largestLayer ? 'vanishing' : 'exploding';
  const warning = orders >= NORM_SPREAD_WARNING_ORDERS
    ? `‖δ‖ differs by ${orders.toFixed(1)} orders of magnitude between layer ${smallestLayer} and layer ${largestLayer}: ${kind} gradients toward the input.`
    : null;
  return { orders, smallestLayer, largestLayer, warning };
}

/** One layer of one snapshot, as the health rules read it. */
export interface LayerHealth { activation: ActivationName; deadShare: number; saturatedShare: number; deltaNorm: number }

/**
 * Which shares a layer's activation can make a finding of: dead units for a hidden relu (σ′ = 0 on every sample),
 * saturated σ′ for a hidden sigmoid or tanh; output layers are not judged (a confident softmax has σ′ ≈ 0 by design).
 */
export function judgedShares(activation: ActivationName, isOutput: boolean): { dead: boolean; saturated: boolean } {
  return { dead: !isOutput && activation === 'relu', saturated: !isOutput && (activation === 'sigmoid' || activation === 'tanh') };
}

export type HealthKind = 'dead-units' | 'saturated-units' | 'vanishing-delta' | 'exploding-delta';

export interface HealthFinding {
  layer: number;
  kind: HealthKind;
  message: string;
  /** An activation that avoids the problem (offered as a quick fix). */
  suggestion?: ActivationName;
}

/** The last HEALTH_WINDOW snapshots' layer summaries, oldest first, and the findings over them. */
export class HealthWindow {
  private readonly recent: LayerHealth[][] = [];

  add(layers: LayerHealth[]): void {
    this.recent.push(layers);
    if (this.recent.length > HEALTH_WINDOW) this.recent.shift();
  }

  findings(): HealthFinding[] { return healthFindings(this.recent); }
}

const percent = (share: number): string => `${Math.round(share * 100)} %`;

/** Findings that held in every one of the last HEALTH_WINDOW snapshots (`recent[s][l − 1]`, oldest first); else none. */
export function healthFindings(recent: readonly (readonly LayerHealth[])[]): HealthFinding[] {
  if (recent.length < HEALTH_WINDOW) return [];
  const window = recent.slice(-HEALTH_WINDOW);
  const depth = window[window.length - 1].length;
  const findings: HealthFinding[] = [];
  for (let l = 1; l <= depth; l++) {
    const layers = window.map((snapshot) => snapshot[l - 1]);
    if (layers.some((layer) => layer === undefined)) continue;
    const least = (share: (layer: LayerHealth) => number) => Math.min(...layers.map(share));
    const activation = layers[layers.length - 1].activation;
    const judged = judgedShares(activation, l === depth);
    if (judged.dead && least((layer) => layer.deadShare) >= DEAD_SHARE) {
      findings.push({ layer: l, kind: 'dead-units', suggestion: 'leaky_relu', message: `${percent(least((layer) => layer.deadShare))} or more of layer ${l}'s relu units are dead in each of the last ${HEALTH_WINDOW} sampled batches: σ′(z) = 0 on every sample, so BP2 gives them δ = 0 and BP3/BP4 no update. Try leaky_relu, a lower learning rate or "init": "he".` });
    }
    if (judged.saturated && least((layer) => layer.saturatedShare) >= SATURATED_SHARE) {
      findings.push({ layer: l, kind: 'saturated-units', suggestion: 'relu', message: `σ′(z) < 0.01 for ${percent(least((layer) => layer.saturatedShare))} or more of layer ${l}'s units and samples in each of the last ${HEALTH_WINDOW} sampled batches: the saturated ${activation} throttles δ^${l} through BP2's σ′ factor. Try relu, smaller initial weights or standardized inputs.` });
    }
  }
  const spreads = window.map((snapshot) => normSpread(snapshot.map((layer) => layer.deltaNorm)));
  const last = spreads[spreads.length - 1];
  const persistent = last && spreads.every((s) => s && s.orders >= NORM_SPREAD_WARNING_ORDERS && s.smallestLayer === last.smallestLayer && s.largestLayer === last.largestLayer);
  if (last && persistent) {
    const vanishing = last.smallestLayer < last.largestLayer;
    findings.push({
      layer: vanishing ? last.smallestLayer : last.largestLayer, kind: vanishing ? 'vanishing-delta' : 'exploding-delta',
      message: `‖δ^${last.smallestLayer}‖ is ${last.orders.toFixed(1)} orders of magnitude below ‖δ^${last.largestLayer}‖ in each of the last ${HEALTH_WINDOW} sampled batches: ${vanishing ? `vanishing gradients, layer ${last.smallestLayer} barely learns` : `exploding gradients toward the input, layer ${last.largestLayer} takes huge steps`}.`,
    });
  }
  return findings;
}
