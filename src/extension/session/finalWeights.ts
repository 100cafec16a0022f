/**
 * Explains numbers of a run whose worker is gone (ended, or opened from its folder) with the weights it ended with: a
 * paused copy of the run, started from its final model and stepped once, answers every explain request about that run
 * until another run is explained, nobody has asked it anything for IDLE_MS after its last answer (its worker holds the
 * data set) or the explainer is disposed. model.json keeps no optimizer state, so the copy's optimizer starts afresh
 * (its first step's update).
 */
import type { ExplainTarget, ExplanationAnswer, RunOptions } from '../../protocol';
import { startPausedCopy, trainedStepsOf } from './pausedCopy';
import type { RunSession, SessionHost } from './runSession';
import { realTimers, type TimerApi } from './updateThrottle';

/** A run's final weights and what its copy needs: the spec text it trained and the path its data paths resolve against. */
export interface FinalWeights {
  /** Which run (its id, or its folder): one copy per run. */
  key: string;
  specUri: string;
  specPath: string;
  specText: string;
  model: unknown;
}

/** The final weights of an ended run of this window, when it left a model and its spec text. */
export function finalWeightsOf(run: RunSession | undefined): FinalWeights | undefined {
  if (!run || run.isActive || run.finalModel === undefined || run.specText === undefined) return undefined;
  return { key: run.runId, specUri: run.specUri, specPath: run.specPath, specText: run.specText, model: run.finalModel };
}

/** How long the first request waits: the copy loads the data set before it steps. */
const FIRST_ANSWER_MS = 60_000;
/** A copy nobody asked anything for this long is stopped. */
const IDLE_MS = 5 * 60_000;

/** The paused copy of one run, and how many explain requests it has yet to answer. */
interface Copy { key: string; session: RunSession; trainedSteps: number; pendingRequests: number }

export class FinalWeightsExplainer {
  private copy: Copy | undefined;
  private idleTimer: unknown;
  private readonly timers: TimerApi;

  constructor(private readonly host: SessionHost, private readonly idleMs = IDLE_MS) {
    this.timers = host.timers ?? realTimers;
  }

  /** Explains `target` in the mini-batch a copy of the run steps from `weights`; the answer's step counts on from the run's. */
  async explain(weights: FinalWeights, target: ExplainTarget, options: RunOptions): Promise<ExplanationAnswer> {
    const fresh = this.copy?.key !== weights.key || !this.copy.session.isActive;
    const copy = fresh ? this.start(weights, options) : this.copy!;
    this.cancelIdleStop(); // no idle timer while a request is pending: a copy's first answer waits for its data set
    copy.pendingRequests++;
    try {
      return await this.answerFrom(copy, target, fresh);
    } finally {
      copy.pendingRequests--;
      if (copy.pendingRequests === 0 && this.copy === copy) this.stopWhenIdle();
    }
  }

  private async answerFrom(copy: Copy, target: ExplainTarget, fresh: boolean): Promise<ExplanationAnswer> {
    const answer = await copy.session.explain(target, fresh ? FIRST_ANSWER_MS : undefined);
    if (!copy.session.isActive && !answer.explanation && !answer.training) {
      const outcome = await copy.session.ended; // e.g. its data file moved since the run
      return { ...answer, finalWeights: true, error: `The copy of the run from its final weights did not start: ${outcome.message ?? outcome.state}.` };
    }
    return { ...answer, finalWeights: true, step: copy.trainedSteps + answer.step };
  }

  private start(weights: FinalWeights, options: RunOptions): Copy {
    this.dispose();
    const session = startPausedCopy(this.host, weights, options, weights.model);
    session.step(); // the worker handles start, step and explain in order: explain sees the stepped batch
    this.copy = { key: weights.key, session, trainedSteps: trainedStepsOf(weights.model) ?? 0, pendingRequests: 0 };
    return this.copy;
  }

  /** Stops the copy once nobody has asked it anything for idleMs after its last answer (its worker holds the data set). */
  private stopWhenIdle(): void {
    this.cancelIdleStop();
    this.idleTimer = this.timers.setTimeout(() => this.dispose(), this.idleMs);
    (this.idleTimer as { unref?: () => void }).unref?.();
  }

  private cancelIdleStop(): void {
    if (this.idleTimer !== undefined) this.timers.clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** Stops the copy's worker. */
  dispose(): void {
    this.cancelIdleStop();
    const copy = this.copy;
    this.copy = undefined;
    if (!copy) return;
    copy.session.stop();
    void copy.session.ended.then(() => copy.session.dispose());
  }
}
