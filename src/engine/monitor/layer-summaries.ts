/** What the monitor draws, computed from a trainer's snapshot: batch-mean δ, ‖δ‖, dead and saturated shares. */
import type { Dataset } from '../data/dataset';
import { Matrix } from '../nn/matrix';
import { forward, forwardBuffers } from '../nn/network';
import { networkFromParameters } from '../nn/parameters';
import type { LayerParameters, LayerSnapshot } from '../train/training-types';

export interface LayerSummary {
  layer: number;
  /** (1/m) Σ_c δ^l_jc per unit j. */
  deltaMean: Float64Array;
  /** ‖δ^l‖_F / √m: the typical size of one sample's δ^l. */
  deltaNorm: number;
  /** Share of units with σ' = 0 on every sample (dead relu units). */
  deadShare: number;
  /** Share of σ' entries below 0.01 (saturated sigmoid/tanh). */
  saturatedShare: number;
}

export function summarizeLayer(s: LayerSnapshot): LayerSummary {
  const m = s.batchSize, units = s.units, delta = s.delta, sigmaPrime = s.sigmaPrime; // locals: the hot loop reads no properties
  const deltaMean = new Float64Array(units);
  let sq = 0, dead = 0, saturated = 0;
  for (let j = 0; j < units; j++) {
    let sum = 0, alive = false;
    for (let c = 0; c < m; c++) {
      const d = delta[j * m + c], sp = sigmaPrime[j * m + c];
      sum += d;
      sq += d * d;
      if (sp !== 0) alive = true;
      if (Math.abs(sp) < 0.01) saturated++;
    }
    deltaMean[j] = sum / m;
    if (!alive) dead++;
  }
  const isKinked = s.activation === 'relu';
  return { layer: s.layer, deltaMean, deltaNorm: Math.sqrt(sq / m), deadShare: isKinked ? dead / s.units : 0, saturatedShare: saturated / (s.units * m) };
}

/** True when no entry is NaN or ±Infinity (v − v is 0 exactly for finite v). */
function allFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] - values[i] !== 0) return false;
  return true;
}

/** The highest layer (closest to the output, where errors start) whose δ holds NaN or ±Infinity, else null. */
export function firstNonFiniteLayer(layers: LayerSnapshot[]): number | null {
  for (let i = layers.length - 1; i >= 0; i--) {
    if (!allFinite(layers[i].delta) || !allFinite(layers[i].z)) return layers[i].layer;
  }
  return null;
}

/** True when every weight and bias is a finite number. */
export function parametersFinite(params: LayerParameters[]): boolean {
  return params.every((p) => p.weights.every(Number.isFinite) && p.biases.every(Number.isFinite));
}

export interface BoundaryGrid { xMin: number; xMax: number; yMin: number; yMax: number; size: number; values: Float32Array }

/** For 2-D inputs: the network's output (class-1 probability, or the single output) on a size × size grid over the data's range. */
export function decisionBoundary(data: Dataset, params: LayerParameters[], size = 48): BoundaryGrid | null {
  if (data.inputSize !== 2) return null;
  const { train } = data;
  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
  for (let i = 0; i < train.count; i++) {
    const x = train.x[2 * i] * train.xScale, y = train.x[2 * i + 1] * train.xScale;
    xMin = Math.min(xMin, x); xMax = Math.max(xMax, x); yMin = Math.min(yMin, y); yMax = Math.max(yMax, y);
  }
  const padX = (xMax - xMin) * 0.1 || 1, padY = (yMax - yMin) * 0.1 || 1;
  xMin -= padX; xMax += padX; yMin -= padY; yMax += padY;
  const net = networkFromParameters(2, params);
  const pass = forwardBuffers(net, size * size);
  const input: Matrix = pass.a[0];
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const i = r * size + c;
      input.data[i] = xMin + ((c + 0.5) / size) * (xMax - xMin);
      input.data[size * size + i] = yMax - ((r + 0.5) / size) * (yMax - yMin);
    }
  }
  forward(net, pass);
  const out = pass.a[net.depth];
  const row = out.rows === 1 ? 0 : 1;
  return { xMin, xMax, yMin, yMax, size, values: Float32Array.from(out.data.subarray(row * size * size, (row + 1) * size * size)) };
}
