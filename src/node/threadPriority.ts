/** The training thread yields the CPU to the editor: Linux nice values are per thread, so only the calling thread is lowered. */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The nice value of the training thread (and of the helper threads it starts, which inherit it): 0 is normal, 19 lowest. */
export const TRAINING_THREAD_NICE = 10;

/**
 * Lowers the calling thread's priority to `nice` on Linux (its id read from /proc/thread-self); elsewhere a no-op,
 * since setpriority there would lower the whole extension host. Resolves the thread id, or undefined when not lowered.
 */
export function lowerThisThreadPriority(nice = TRAINING_THREAD_NICE): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(threadId) || threadId <= 0) return undefined;
    setPriority(threadId, nice);
    return threadId;
  } catch {
    return undefined; // no /proc (a container without it): the run trains at normal priority
  }
}
