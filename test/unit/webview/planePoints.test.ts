import * as assert from 'node:assert/strict';
import type { BoundaryGrid, PlanePoints } from '../../../src/protocol';
import { CLASS_COLOURS, pointMarks } from '../../../media/lib/planePoints';
import { DIVERGING_BY_THEME, divergingLut } from '../../../media/lib/palette';

const grid: BoundaryGrid = { xMin: -1, xMax: 3, yMin: 0, yMax: 2, size: 4, values: new Float32Array(16) };
const lut = divergingLut(DIVERGING_BY_THEME.dark);
const points: PlanePoints = { xy: Float32Array.of(-1, 2, 3, 0, 1, 1, 9, 9), targets: Float32Array.of(0, 1, 1, 0), trainCount: 2 };

describe('decision-boundary points', () => {
  it('maps x₁ to the right and x₂ up onto the canvas, flags test points and drops points off the grid', () => {
    const marks = pointMarks(points, grid, 400, 200, 2, lut);
    assert.deepEqual(marks.map((m) => [m.x, m.y, m.test]), [[0, 0, false], [400, 200, false], [200, 100, true]]);
  });

  it('two classes take the diverging palette ends (as the boundary), more classes a categorical colour', () => {
    const two = pointMarks(points, grid, 4, 4, 2, lut);
    assert.equal(two[0].colour, 'rgb(66, 146, 255)', 'class 0 = negative end (P(class 1) < 0.5)');
    assert.equal(two[1].colour, 'rgb(255, 112, 67)', 'class 1 = positive end');
    const three = pointMarks({ ...points, targets: Float32Array.of(0, 2, 1, 0) }, grid, 4, 4, 3, lut);
    assert.deepEqual(three.map((m) => m.colour), [CLASS_COLOURS[0], CLASS_COLOURS[2], CLASS_COLOURS[1]]);
  });
});
