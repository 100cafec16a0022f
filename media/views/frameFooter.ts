/**
 * Debug footer with a requestAnimationFrame frame counter (#fps-meter). It runs only when opened, or from load
 * when the host set data-frame-stats-ms on <body> (benchmark mode), in which case it also posts frameStats.
 */
import type { WebviewTransport } from '../lib/transport';
import { startFrameMeter, type FrameStats } from '../lib/frameMeter';
import { h, setText } from '../lib/dom';

export function createFrameFooter(transport: WebviewTransport): HTMLElement {
  const meter = h('span', { id: 'fps-meter', class: 'meta' }, 'frame meter off');
  const details = h('details', { id: 'debug-footer', class: 'debug-footer' }, h('summary', {}, 'debug'), meter);
  const benchIntervalMs = Number(document.body.dataset.frameStatsMs ?? 0);
  let running = false;
  const start = (intervalMs: number): void => {
    if (running) return;
    running = true;
    startFrameMeter((stats: FrameStats) => {
      meter.dataset.fps = String(stats.fps);
      setText(meter, `${stats.fps} fps · ${stats.longFrames} long frame(s) in ${Math.round(stats.intervalMs)} ms`);
      if (benchIntervalMs > 0) transport.post({ type: 'frameStats', ...stats });
    }, intervalMs);
  };
  details.addEventListener('toggle', () => { if (details.open) start(1000); });
  if (benchIntervalMs > 0) {
    details.open = true;
    start(benchIntervalMs);
  }
  return details;
}
