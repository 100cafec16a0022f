/** Frames per second from requestAnimationFrame: the webview side of the benchmark. */

export interface FrameStats { fps: number; frames: number; longFrames: number; intervalMs: number }

/** Frame rate over an interval from the rAF timestamps seen in it (a frame longer than 50 ms counts as long). */
function frameStatsOf(timestamps: readonly number[], intervalMs: number): FrameStats {
  let longFrames = 0;
  for (let i = 1; i < timestamps.length; i++) if (timestamps[i] - timestamps[i - 1] > 50) longFrames++;
  const fps = intervalMs > 0 ? (timestamps.length * 1000) / intervalMs : 0;
  return { fps: Math.round(fps * 10) / 10, frames: timestamps.length, longFrames, intervalMs };
}

/** Counts animation frames forever; calls `report` every `intervalMs` with the last interval's stats. */
export function startFrameMeter(report: (stats: FrameStats) => void, intervalMs = 1000): void {
  let timestamps: number[] = [];
  let intervalStart = performance.now();
  const onFrame = (now: number): void => {
    timestamps.push(now);
    if (now - intervalStart >= intervalMs) {
      report(frameStatsOf(timestamps, now - intervalStart));
      timestamps = [];
      intervalStart = now;
    }
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);
}
