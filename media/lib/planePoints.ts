/** Where and in which colour each data point sits on the decision-boundary canvas (DOM-free). */
import type { BoundaryGrid, PlanePoints } from '../../src/protocol';
import { divergingIndex, LUT_SIZE, symmetricLimit } from './palette';

/** Colours for more than two classes (two classes take the diverging palette's ends, as the boundary does). */
export const CLASS_COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#edc948', '#76b7b2', '#ff9da7', '#9c755f', '#bab0ac'];

export interface PointMark { x: number; y: number; colour: string; test: boolean }

/** CSS colour of LUT entry i. */
function lutColour(lut: Uint8ClampedArray, i: number): string {
  return `rgb(${lut[4 * i]}, ${lut[4 * i + 1]}, ${lut[4 * i + 2]})`;
}

/** Point colour: class k of `classes` (classification) or the target on the diverging scale (regression). */
function pointColour(target: number, classes: number | null, lut: Uint8ClampedArray, limit: number): string {
  if (classes === null) return lutColour(lut, divergingIndex(target, limit));
  if (classes <= 2) return lutColour(lut, target >= 1 ? LUT_SIZE - 1 : 0);
  return CLASS_COLOURS[target % CLASS_COLOURS.length];
}

/** Points mapped onto a width × height canvas showing `grid` (x₁ to the right, x₂ up); points off the grid are dropped. */
export function pointMarks(points: PlanePoints, grid: BoundaryGrid, width: number, height: number, classes: number | null, lut: Uint8ClampedArray): PointMark[] {
  const limit = classes === null ? symmetricLimit(points.targets) : 1;
  const marks: PointMark[] = [];
  for (let p = 0; p < points.targets.length; p++) {
    const x = ((points.xy[2 * p] - grid.xMin) / (grid.xMax - grid.xMin)) * width;
    const y = ((grid.yMax - points.xy[2 * p + 1]) / (grid.yMax - grid.yMin)) * height;
    if (!(x >= 0 && x <= width && y >= 0 && y <= height)) continue;
    marks.push({ x, y, colour: pointColour(points.targets[p], classes, lut, limit), test: p >= points.trainCount });
  }
  return marks;
}
