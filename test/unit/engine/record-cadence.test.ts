// How often the worker's δ record captures a step: within a 2 % cost budget, yet ≥ 1,000 times per planned run while
// those captures cost ≤ 0.5 s in all, and ≥ 100 times at any cost.
import * as assert from 'node:assert/strict';
import { RecordCadence } from '../../../src/engine/record/frames';

/** Feeds `steps` steps of `stepSeconds` each, recording whenever due at `recordSeconds(n)` for the n-th capture; returns the recorded steps. */
function simulate(cadence: RecordCadence, steps: number, stepSeconds: number, recordSeconds: number | ((n: number) => number)): number[] {
  const recorded: number[] = [];
  const cost = typeof recordSeconds === 'number' ? () => recordSeconds : recordSeconds;
  for (let step = 1; step <= steps; step++) {
    const due = cadence.due(step);
    if (due) recorded.push(step);
    cadence.observe(step, stepSeconds, due ? cost(recorded.length - 1) : null);
  }
  return recorded;
}

describe('record cadence', () => {
  it('records every step when recording is cheap', () => {
    const recorded = simulate(new RecordCadence(5000), 5000, 1e-3, 1e-6);
    assert.equal(recorded.length, 5000);
  });

  it('keeps at least 1,000 points over the planned run when they cost ≤ 0.5 s in all, over the budget', () => {
    // recording costs 10 % of a step: the 2 % budget asks for every 5th step, density for every 20th of 20,000; 1,000 × 0.1 ms = 0.1 s
    const cadence = new RecordCadence(20_000);
    const recorded = simulate(cadence, 20_000, 1e-3, 1e-4);
    assert.ok(recorded.length >= 1000, `${recorded.length} points`);
  });

  it('keeps the density floor for a tiny network, whose captures cost microseconds but many steps each', () => {
    const recorded = simulate(new RecordCadence(10_000), 10_000, 5e-6, 5e-5); // a capture = 10 steps, 50 µs
    assert.ok(recorded.length >= 1000, `${recorded.length} points`);
  });

  it('holds a big network to the 2 % budget when 1,000 captures would cost more than 0.5 s (Fashion-MNIST: 2.5 ms each)', () => {
    // 784-256-128-10 float32 at batch 64: density alone asks for every 18th of 18,740 steps, ≈ 4.6 % of training here
    const recorded = simulate(new RecordCadence(18_740), 18_740, 3e-3, 2.5e-3);
    const cost = (recorded.length * 2.5e-3) / (18_740 * 3e-3);
    assert.ok(cost <= 0.021, `recording cost ${(100 * cost).toFixed(1)} % of training (${recorded.length} captures)`);
  });

  it('keeps at least 100 points at any cost', () => {
    const recorded = simulate(new RecordCadence(10_000), 10_000, 1e-4, 0.05); // a capture = 500 steps
    assert.ok(recorded.length >= 100, `${recorded.length} points`);
  });

  it('gives a tiny run its 1,000 points back after a slow first capture (cold code)', () => {
    const recorded = simulate(new RecordCadence(2500), 2500, 5e-6, (n) => (n === 0 ? 5e-3 : 2e-5));
    assert.ok(recorded.length >= 1000, `${recorded.length} points`);
  });
});
