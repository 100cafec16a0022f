/** A paused copy of a run from a model: a 'check' session that trains only when stepped (final-weights Explain, gradient checks). */
import type { RunOptions } from '../../protocol';
import { RunSession, type SessionHost } from './runSession';

/** The spec a copy trains: its text, and the path its data paths resolve against. */
export interface CopiedSpec { specUri: string; specPath: string; specText: string }

/** Starts a paused 'check' session of `spec` from `model` (the spec's initialisation without one); it never snapshots. */
export function startPausedCopy(host: SessionHost, spec: CopiedSpec, options: RunOptions, model?: unknown): RunSession {
  const session = new RunSession(spec.specUri, spec.specPath, host, 'check');
  session.start(spec.specText, { ...options, startPaused: true, snapshotEvery: 1_000_000, gradCheckEachEpoch: false }, model);
  return session;
}

/** The steps `model` had trained (model.json's trainedSteps), undefined when it does not say. */
export function trainedStepsOf(model: unknown): number | undefined {
  const steps = (model as { trainedSteps?: unknown } | null | undefined)?.trainedSteps;
  return typeof steps === 'number' ? steps : undefined;
}
