// How often the worker's δ record captures a step: as often as a 3 % cost budget allows, and never under 1,000 times per planned run.
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

  it('keeps at least 1,000 points over the planned run however much they cost', () => {
    // recording costs 10 % of a step: the 3 % budget asks for every 4th step, density for every 20th of 20,000
    const cadence = new RecordCadence(20_000);
    const recorded = simulate(cadence, 20_000, 1e-3, 1e-4);
    assert.ok(recorded.length >= 1000, `${recorded.length} points`);
  });

  it('keeps the density floor for a tiny network, whose captures cost microseconds but many steps each', () => {
    const recorded = simulate(new RecordCadence(10_000), 10_000, 5e-6, 5e-5); // a capture = 10 steps, 50 µs
    assert.ok(recorded.length >= 1000, `${recorded.length} points`);
  });

});
