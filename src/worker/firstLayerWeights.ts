/** Image inputs: the rows of W^1 for the first units, each one a side × side picture of what the unit looks for. */
import type { LayerParameters } from '../engine/train/training-types';
import type { FirstLayerWeights } from '../protocol';

/** Units shown at most. */
export const MAX_WEIGHT_IMAGES = 32;
/** Sent at most this often while running (parameters() copies every layer); every snapshot when paused or stepping. */
export const WEIGHT_IMAGES_EVERY_MS = 2000;

/** √inputSize when the input is a square image of at least 8 × 8 pixels, else null. */
export function imageSide(inputSize: number): number | null {
  const side = Math.round(Math.sqrt(inputSize));
  return side * side === inputSize && inputSize >= 64 ? side : null;
}

/** Rows 0 … min(units, MAX_WEIGHT_IMAGES) − 1 of W^1 as Float32Array; null for inputs that are not images. */
export function firstLayerWeights(layers: LayerParameters[], step: number): FirstLayerWeights | null {
  const first = layers[0];
  const side = first ? imageSide(first.fanIn) : null;
  if (!first || side === null) return null;
  const units = Math.min(first.units, MAX_WEIGHT_IMAGES);
  return { step, units, fanIn: first.fanIn, side, values: Float32Array.from(first.weights.subarray(0, units * first.fanIn)) };
}
