// How often the worker's δ record captures a step: dense enough to show the run, never costing over its hard budget.
import * as assert from 'node:assert/strict';
import { RecordCadence } from '../../../src/engine/record/frames';

/** Feeds `steps` steps of `stepSeconds` each, recording whenever due at `recordSeconds`; returns the recorded steps. */
function simulate(cadence: RecordCadence, steps: number, stepSeconds: number, recordSeconds: number): number[] {
  const recorded: number[] = [];
  for (let step = 1; step <= steps; step++) {
    const due = cadence.due(step);
    if (due) recorded.push(step);
    cadence.observe(step, stepSeconds, due ? recordSeconds : null);
  }
  return recorded;
}

describe('record cadence', () => {
  it('records every step when recording is cheap', () => {
    const recorded = simulate(new RecordCadence(5000), 5000, 1e-3, 1e-6);
    assert.equal(recorded.length, 5000);
  });

  it('keeps at least 1,000 points over the planned run when that stays within the hard budget (3 %)', () => {
    // recording costs 10 % of a step: the budgets ask for every 4th step, density for every 20th of 20,000
    const cadence = new RecordCadence(20_000);
    const recorded = simulate(cadence, 20_000, 1e-3, 1e-4);
    assert.ok(recorded.length >= 1000, `${recorded.length} points`);
  });

  it('lets the cost win over density for big layers: a capture worth 2.5 steps is made at most every 84 steps (≤ 3 %)', () => {
    // Fashion-MNIST 784-256-128-10 float32 in the bench: density alone asked for every 18th step, which cost 14 %
    const cadence = new RecordCadence(18_760);
    const recorded = simulate(cadence, 18_760, 1e-3, 2.5e-3);
    const gaps = recorded.slice(5).map((s, i) => s - recorded[i + 4]);
    assert.ok(gaps.every((g) => g >= 84), `gaps ${gaps.slice(0, 10)}`);
    const cost = (recorded.length * 2.5e-3) / (18_760 * 1e-3);
    assert.ok(cost <= 0.035, `recording cost ${(100 * cost).toFixed(1)} % of training`);
  });
});
