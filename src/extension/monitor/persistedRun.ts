/** Reading a revived monitor panel's persisted view (no vscode import: unit-tested against the webview's own encoder). */

/** The run a revived panel's persisted view (media/lib/persist.ts, JSON) showed (live, ended or saved), and whether it was training. */
export function persistedRun(persisted: unknown): { runId: string; wasLive: boolean } | null {
  const monitor = (persisted as { monitor?: { info?: { runId?: unknown } | null; state?: unknown } } | null)?.monitor;
  const runId = monitor?.info?.runId;
  if (typeof runId !== 'string') return null;
  const state = monitor?.state;
  return { runId, wasLive: state === 'starting' || state === 'running' || state === 'paused' };
}
