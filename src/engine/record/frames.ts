/**
 * A bounded store of δ frames: the `recent` latest ones, plus `spread` evenly spaced over the whole run (a frame is
 * taken every `spacing` steps; when the spread set is full every other one is dropped and the spacing doubles).
 */
export interface Stepped { step: number }

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
 * Record every `stride` steps: as sparse as the cost `budget` (share of training time) asks, yet at least `minPoints`
 * times over the planned run while those points cost at most `floorSeconds` in all (cheapest capture · minPoints), and
 * at least minPoints / 10 times at any cost: a tiny network's µs captures keep the full density however many of its µs
 * steps each costs, a big network's ms captures are held to the budget.
 */
export class RecordCadence {
  private readonly densityStride: number;
  private readonly sparsestStride: number;
  private costStride = 1;
  private stepSeconds = 0;
  private recordSeconds = 0;
  private cheapestRecord = Infinity;
  private lastRecorded = -Infinity;

  constructor(plannedSteps: number, readonly budget = 0.02, readonly minPoints = 1000, readonly floorSeconds = 0.5) {
    this.densityStride = Math.max(1, Math.floor(plannedSteps / minPoints));
    this.sparsestStride = Math.max(1, Math.floor((10 * plannedSteps) / minPoints));
  }

  get stride(): number {
    const floorAffordable = this.cheapestRecord * this.minPoints <= this.floorSeconds;
    return Math.min(this.costStride, floorAffordable ? this.densityStride : this.sparsestStride);
  }

  due(step: number): boolean { return step - this.lastRecorded >= this.stride; }

  /** Feeds the time of one training step, and of recording it when it was recorded: costStride ≈ record / (budget · step). */
  observe(step: number, trainSeconds: number, recordSeconds: number | null): void {
    this.stepSeconds = this.stepSeconds === 0 ? trainSeconds : 0.95 * this.stepSeconds + 0.05 * trainSeconds;
    if (recordSeconds === null) return;
    this.lastRecorded = step;
    this.cheapestRecord = Math.min(this.cheapestRecord, recordSeconds);
    this.recordSeconds = this.recordSeconds === 0 ? recordSeconds : 0.8 * this.recordSeconds + 0.2 * recordSeconds;
    this.costStride = Math.max(1, Math.ceil(this.recordSeconds / (this.budget * Math.max(this.stepSeconds, 1e-9))));
  }
}
