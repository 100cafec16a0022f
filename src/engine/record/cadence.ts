/**
 * The δ record's cadence policy: which steps are captured (RecordCadence, a pure function of the planned steps and the
 * modelled costs: the same spec records the same steps on a busy or an idle machine) and which frames are kept
 * (FrameStore).
 */
import type { RecordCosts } from './capture-cost';

export interface Stepped { step: number }

/**
 * A bounded store of δ frames: the `recent` latest ones, plus `spread` evenly spaced over the whole run (a frame is
 * taken every `spacing` steps; when the spread set is full every other one is dropped and the spacing doubles).
 */
export class FrameStore<F extends Stepped> {
  private recentFrames: F[] = [];
  private spreadFrames: F[] = [];
  private spacing: number;

  /** `plannedSteps` spaces the spread frames over the planned run from the start. */
  constructor(readonly recent: number, readonly spread: number, plannedSteps: number) {
    this.spacing = Math.max(1, Math.floor(plannedSteps / Math.max(1, spread)));
  }

  /** True when a frame of `step` belongs in the spread set. */
  wantsSpread(step: number): boolean {
    const last = this.spreadFrames.at(-1);
    return !last || step - last.step >= this.spacing;
  }

  /** Adds a frame (steps ascending): always to the recent ones, to the spread ones when due. */
  add(frame: F): void {
    if (this.wantsSpread(frame.step)) this.addSpread(frame);
    this.recentFrames.push(frame);
    if (this.recentFrames.length > this.recent) this.recentFrames.shift();
  }

  private addSpread(frame: F): void {
    this.spreadFrames.push(frame);
    if (this.spreadFrames.length <= this.spread) return;
    this.spreadFrames = this.spreadFrames.filter((_, i) => i % 2 === 0);
    this.spacing *= 2;
  }

  /** Every kept frame once, ascending by step. */
  all(): F[] {
    const byStep = new Map<number, F>();
    for (const f of [...this.spreadFrames, ...this.recentFrames]) byStep.set(f.step, f);
    return [...byStep.values()].sort((a, b) => a.step - b.step);
  }

  steps(): number[] { return this.all().map((f) => f.step); }

  /** The kept frame with the largest step ≤ `step`, else the earliest, else null. */
  at(step: number): F | null {
    const frames = this.all();
    let found: F | null = frames[0] ?? null;
    for (const f of frames) if (f.step <= step) found = f;
    return found;
  }
}

/**
 * Record every `stride` steps from step 1, the stride fixed before the run from the modelled costs (capture-cost.ts,
 * no clock) and the planned steps: as sparse as the cost `budget` (share of training time) asks, yet at least
 * `minPoints` times over the planned run while those captures cost at most `floorSeconds` in all, and at least
 * minPoints / 10 times at any cost: a tiny network's µs captures keep the full density however many of its µs steps
 * each costs, a big network's ms captures are held to the budget. Recent frames carry a decision boundary every
 * `boundaryEvery` captures: boundary seconds / (budget · stride · step seconds), within the same budget.
 */
export class RecordCadence {
  readonly stride: number;
  readonly boundaryEvery: number;

  constructor(plannedSteps: number, costs: RecordCosts, budget = 0.02, minPoints = 1000, floorSeconds = 0.5) {
    const densityStride = Math.max(1, Math.floor(plannedSteps / minPoints));
    const sparsestStride = Math.max(1, Math.floor((10 * plannedSteps) / minPoints));
    const costStride = Math.max(1, Math.ceil(costs.captureSeconds / (budget * costs.stepSeconds)));
    const floorAffordable = costs.captureSeconds * minPoints <= floorSeconds;
    this.stride = Math.min(costStride, floorAffordable ? densityStride : sparsestStride);
    this.boundaryEvery = Math.max(1, Math.ceil(costs.boundarySeconds / (budget * this.stride * costs.stepSeconds)));
  }

  /** True when step `step` (1-based) is recorded: steps 1, 1 + stride, 1 + 2·stride, … */
  due(step: number): boolean { return (step - 1) % this.stride === 0; }

  /** True when the recorded step `step` also draws the decision boundary in its frame (spread frames always do). */
  boundaryDue(step: number): boolean { return (step - 1) % (this.stride * this.boundaryEvery) === 0; }
}
