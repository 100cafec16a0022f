import assert from 'node:assert/strict';
import { activationByName } from '../../../src/engine/nn/activations';
import { binaryCrossEntropy, categoricalCrossEntropy, mse } from '../../../src/engine/nn/losses';
import { Matrix } from '../../../src/engine/nn/matrix';
import { Rng } from '../../../src/engine/nn/rng';
import { ACTIVATIONS } from '../../../src/engine/spec/types';

const h = 1e-6;

function randomMatrix(rows: number, cols: number, rng: Rng, lo = -2, hi = 2): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform(lo, hi);
  return m;
}

describe('activation derivatives σ′ match centered differences', () => {
  for (const name of ACTIVATIONS.filter((n) => n !== 'softmax')) {
    it(name, () => {
      const act = activationByName(name);
      const rng = new Rng(7);
      const z = randomMatrix(3, 5, rng);
      for (let i = 0; i < z.data.length; i++) if (Math.abs(z.data[i]) < 1e-3) z.data[i] = 0.5; // stay off kinks
      const a = new Matrix(3, 5), d = new Matrix(3, 5);
      act.forwardInto(z, a);
      act.derivativeInto(z, a, d);
      for (let i = 0; i < z.data.length; i++) {
        const zp = new Matrix(1, 1, Float64Array.of(z.data[i] + h)), zm = new Matrix(1, 1, Float64Array.of(z.data[i] - h));
        const ap = new Matrix(1, 1), am = new Matrix(1, 1);
        act.forwardInto(zp, ap);
        act.forwardInto(zm, am);
        const numeric = (ap.data[0] - am.data[0]) / (2 * h);
        assert.ok(Math.abs(numeric - d.data[i]) < 1e-6, `${name}'(${z.data[i]}) = ${d.data[i]}, numeric ${numeric}`);
      }
    });
  }

  it('softmax Jacobianᵀ·g matches centered differences of g·σ(z)', () => {
    const act = activationByName('softmax');
    const rng = new Rng(3);
    const z = randomMatrix(4, 2, rng), g = randomMatrix(4, 2, rng);
    const a = new Matrix(4, 2), out = new Matrix(4, 2);
    act.forwardInto(z, a);
    act.jacobianTransposeTimesInto!(a, g, out);
    const dot = (zz: Matrix) => { const aa = new Matrix(4, 2); act.forwardInto(zz, aa); return aa.data.reduce((s, v, i) => s + v * g.data[i], 0); };
    for (let i = 0; i < z.data.length; i++) {
      const zp = z.clone(), zm = z.clone();
      zp.data[i] += h; zm.data[i] -= h;
      assert.ok(Math.abs((dot(zp) - dot(zm)) / (2 * h) - out.data[i]) < 1e-7);
    }
  });
});

describe('loss gradients ∇_a E match centered differences', () => {
  const cases = [
    { loss: mse, rows: 3, y: [0.2, -1, 3, 0.5, 0.1, 2] },
    { loss: categoricalCrossEntropy, rows: 3, y: [1, 0, 0, 0, 1, 0], form: 'categorical' },
    { loss: binaryCrossEntropy, rows: 3, y: [1, 0, 0, 0, 1, 0], form: 'binary' },
    { loss: binaryCrossEntropy, rows: 1, y: [1, 0], form: 'binary' },
  ];
  for (const { loss, rows, y, form } of cases) {
    it(`${loss.name} ${form ?? ''} with ${rows} output unit(s)`, () => {
      const a = new Matrix(rows, 2, Float64Array.from({ length: rows * 2 }, (_, i) => 0.15 + 0.1 * i));
      const Y = new Matrix(rows, 2, Float64Array.from(y));
      const grad = new Matrix(rows, 2);
      loss.gradientInto(a, Y, grad);
      for (let i = 0; i < a.data.length; i++) {
        const ap = a.clone(), am = a.clone();
        ap.data[i] += h; am.data[i] -= h;
        const numeric = (loss.sum(ap, Y) - loss.sum(am, Y)) / (2 * h);
        assert.ok(Math.abs(numeric - grad.data[i]) < 1e-5 * Math.max(1, Math.abs(numeric)), `${loss.name} entry ${i}: ${grad.data[i]} vs ${numeric}`);
      }
    });
  }
});
