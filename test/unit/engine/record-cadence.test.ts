// How often the worker's δ record captures a step, from modelled costs (no clock): within a 2 % cost budget, yet
// ≥ 1,000 times per planned run while those captures cost ≤ 0.5 s in all, and ≥ 100 times at any cost.
import * as assert from 'node:assert/strict';
import { RecordCadence } from '../../../src/engine/record/cadence';
import { recordCosts, type RecordShape } from '../../../src/engine/record/capture-cost';

/** The steps of 1..steps the cadence records. */
function recorded(cadence: RecordCadence, steps: number): number[] {
  return Array.from({ length: steps }, (_, i) => i + 1).filter((step) => cadence.due(step));
}

const costs = (stepSeconds: number, captureSeconds: number, boundarySeconds = 0) => ({ stepSeconds, captureSeconds, boundarySeconds });
const FASHION: RecordShape = { inputSize: 784, units: [256, 128, 10], batchSize: 64, trainer: 'fast', precision: 'float32', threads: 1 };

describe('record cadence', () => {
  it('records every step when recording is cheap, from step 1', () => {
    const steps = recorded(new RecordCadence(5000, costs(1e-3, 1e-6)), 5000);
    assert.equal(steps.length, 5000);
    assert.equal(steps[0], 1);
  });

  it('keeps at least 1,000 points over the planned run when they cost ≤ 0.5 s in all, over the budget', () => {
    // recording costs 10 % of a step: the 2 % budget asks for every 5th step, density for every 20th of 20,000; 1,000 × 0.1 ms = 0.1 s
    const steps = recorded(new RecordCadence(20_000, costs(1e-3, 1e-4)), 20_000);
    assert.ok(steps.length >= 1000, `${steps.length} points`);
  });

  it('keeps the density floor for a tiny network, whose captures cost microseconds but many steps each', () => {
    const shape: RecordShape = { inputSize: 2, units: [8, 8, 2], batchSize: 10, trainer: 'fast', precision: 'float32', threads: 1 };
    const model = recordCosts(shape);
    assert.ok(model.captureSeconds > 2 * model.stepSeconds, 'a capture costs several steps');
    assert.ok(recorded(new RecordCadence(10_000, model), 10_000).length >= 1000);
  });

  it('holds Fashion-MNIST 784-256-128-10 (batch 64, float32) to the 2 % budget: every 42 steps, as the timed cadence did on an idle machine', () => {
    const model = recordCosts(FASHION);
    const cadence = new RecordCadence(18_760, model);
    const share = model.captureSeconds / (cadence.stride * model.stepSeconds);
    assert.ok(share <= 0.02, `modelled cost ${(100 * share).toFixed(2)} % of training`);
    assert.ok(cadence.stride >= 40 && cadence.stride <= 45, `stride ${cadence.stride}`);
    assert.ok(recorded(cadence, 18_760).length >= 400);
  });

  it('keeps at least 100 points at any cost', () => {
    const steps = recorded(new RecordCadence(10_000, costs(1e-4, 0.05)), 10_000); // a capture = 500 steps
    assert.ok(steps.length >= 100, `${steps.length} points`);
  });

  it('draws boundaries in recent frames only within the budget: every capture when cheap, rarely when a grid costs many steps', () => {
    assert.equal(new RecordCadence(1000, costs(1e-3, 1e-6, 1e-6)).boundaryEvery, 1);
    const cadence = new RecordCadence(10_000, costs(1e-5, 1e-5, 3e-3)); // a grid = 300 steps
    assert.ok(cadence.boundaryDue(1), 'the first capture has one');
    const withBoundary = recorded(cadence, 10_000).filter((s) => cadence.boundaryDue(s)).length;
    assert.ok(withBoundary * 3e-3 <= 0.02 * 10_000 * 1e-5 + 3e-3, `${withBoundary} grids`);
  });

  it('the modelled costs grow with the batch (capture and step) and shrink per step with threads', () => {
    const wide = recordCosts({ ...FASHION, batchSize: 256 }), base = recordCosts(FASHION), threaded = recordCosts({ ...FASHION, threads: 4 });
    assert.ok(wide.captureSeconds > 3 * base.captureSeconds && wide.stepSeconds > 3 * base.stepSeconds);
    assert.ok(threaded.stepSeconds < base.stepSeconds / 2 && threaded.captureSeconds === base.captureSeconds);
    const reference = recordCosts({ ...FASHION, trainer: 'reference', precision: 'float64' });
    assert.ok(reference.captureSeconds / reference.stepSeconds < base.captureSeconds / base.stepSeconds, 'a slower trainer affords denser captures');
  });
});
