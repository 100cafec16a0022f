// Training-health rules: a finding needs HEALTH_WINDOW consecutive snapshots; each rule names its layer and a fix.
import assert from 'node:assert/strict';
import { HEALTH_WINDOW, healthFindings, normSpread, type LayerHealth } from '../../../src/engine/monitor/health';

const healthy = (activation: LayerHealth['activation'] = 'relu'): LayerHealth => ({ activation, deadShare: 0.1, saturatedShare: 0.05, deltaNorm: 0.1 });
const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

describe('training health', () => {
  it('nothing before HEALTH_WINDOW snapshots, nothing for a healthy network', () => {
    const dead = [{ ...healthy(), deadShare: 1 }, healthy('sigmoid')];
    assert.deepEqual(healthFindings(times(HEALTH_WINDOW - 1, () => dead)), []);
    assert.deepEqual(healthFindings(times(20, () => [healthy(), healthy('sigmoid')])), []);
  });

  it('dead relu units: ≥ 50 % in every one of the last snapshots, with leaky_relu as the fix; one good batch clears it', () => {
    const snapshot = (deadShare: number) => [{ ...healthy(), deadShare }, healthy('sigmoid')];
    const findings = healthFindings(times(HEALTH_WINDOW, (i) => snapshot(i === 2 ? 0.6 : 0.9)));
    assert.equal(findings.length, 1);
    assert.deepEqual({ ...findings[0], message: undefined }, { layer: 1, kind: 'dead-units', suggestion: 'leaky_relu', message: undefined });
    assert.match(findings[0].message, /60 % or more of layer 1's relu units are dead/);
    assert.deepEqual(healthFindings(times(HEALTH_WINDOW, (i) => snapshot(i === 2 ? 0.4 : 0.9))), [], 'one batch below 50 %');
    assert.deepEqual(healthFindings(times(HEALTH_WINDOW, () => [{ ...healthy('tanh'), deadShare: 1 }, healthy('sigmoid')])), [], 'only relu units are called dead');
    assert.deepEqual(healthFindings(times(HEALTH_WINDOW, () => [healthy('tanh'), { ...healthy('relu'), deadShare: 1 }])), [], 'an output layer is not judged');
  });

  it('saturated sigmoid/tanh (≥ 90 %) in hidden layers only (a saturated output unit is a confident prediction)', () => {
    const saturated = (activation: LayerHealth['activation'], saturatedShare = 0.95) => ({ ...healthy(activation), saturatedShare });
    const findings = healthFindings(times(HEALTH_WINDOW, () => [saturated('tanh'), saturated('sigmoid')]));
    assert.deepEqual(findings.map((f) => [f.layer, f.kind, f.suggestion]), [[1, 'saturated-units', 'relu']]);
    assert.deepEqual(healthFindings(times(HEALTH_WINDOW, () => [saturated('tanh', 0.85), healthy('sigmoid')])), [], '85 % is a confident layer, not a stalled one');
  });

  it('vanishing δ toward the input when ‖δ‖ stays ≥ 2 orders apart, on the smallest layer; exploding the other way', () => {
    const norms = (...values: number[]) => values.map((deltaNorm) => ({ ...healthy('tanh'), deltaNorm }));
    const vanishing = healthFindings(times(HEALTH_WINDOW, () => norms(1e-5, 1e-3, 0.1)));
    assert.deepEqual(vanishing.map((f) => [f.layer, f.kind]), [[1, 'vanishing-delta']]);
    assert.match(vanishing[0].message, /‖δ\^1‖ is 4\.0 orders of magnitude below ‖δ\^3‖/);
    assert.deepEqual(healthFindings(times(HEALTH_WINDOW, () => norms(10, 1, 0.01))).map((f) => [f.layer, f.kind]), [[1, 'exploding-delta']]);
    assert.deepEqual(healthFindings(times(HEALTH_WINDOW, (i) => norms(i === 0 ? 0.05 : 1e-5, 1e-3, 0.1))), [], 'not in every snapshot');
  });

  it('normSpread ignores zero and non-finite norms', () => {
    assert.equal(normSpread([0, NaN, Infinity]), null);
    assert.deepEqual({ ...normSpread([0, 1e-3, 0.1])!, warning: null }, { orders: 2, smallestLayer: 2, largestLayer: 3, warning: null });
  });
});
