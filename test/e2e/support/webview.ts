// Reads the training monitor webview (iframe.webview.ready → iframe#active-frame) through its DOM and canvases.
// The selectors are the contract in test/e2e/README-selectors.md.
import type { Frame, Page } from 'playwright-core';

export const SELECTORS = {
  status: '#run-status',
  epoch: '#epoch',
  trainer: '#run-trainer',
  lossCanvas: 'canvas#loss-chart, #loss-chart canvas',
  heatmapCanvas: '.delta-heatmap canvas, canvas.delta-heatmap',
  gradcheckRows: '#gradcheck-table tbody tr',
} as const;

/** What a canvas currently shows: size, how many distinct colours, and a fingerprint of its pixels. */
export interface CanvasPicture { width: number; height: number; distinctColours: number; fingerprint: number }

/** Set once a wait for the monitor timed out: later checks look once instead of waiting again. */
let monitorNeverAppeared = false;

/** The frame holding the monitor's own HTML; waits until a webview with #run-status or #loss-chart exists. */
export async function monitorFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const frame = await findMonitorFrame(page, monitorNeverAppeared ? 0 : timeoutMs);
  monitorNeverAppeared = !frame;
  if (!frame) throw new Error(`no monitor webview with ${SELECTORS.status} or #loss-chart appeared within ${timeoutMs / 1000} s`);
  return frame;
}

/** Looks through the page's frames for the monitor until `timeoutMs` passes (at least once). */
export async function findMonitorFrame(page: Page, timeoutMs: number): Promise<Frame | undefined> {
  const deadline = Date.now() + timeoutMs;
  do {
    for (const frame of page.frames()) {
      if (frame.isDetached() || !frame.url().includes('webview')) continue;
      const marker = await frame.$(`${SELECTORS.status}, #loss-chart`).catch(() => null);
      if (marker) return frame;
    }
    await page.waitForTimeout(250);
  } while (Date.now() < deadline);
  return undefined;
}

/** The first webview frame holding `selector` (e.g. the side view's #sidebar-run-status), waiting up to `timeoutMs`. */
export async function findFrameWith(page: Page, selector: string, timeoutMs: number): Promise<Frame | undefined> {
  const deadline = Date.now() + timeoutMs;
  do {
    for (const frame of page.frames()) {
      if (frame.isDetached() || !frame.url().includes('webview')) continue;
      if (await frame.$(selector).catch(() => null)) return frame;
    }
    await page.waitForTimeout(250);
  } while (Date.now() < deadline);
  return undefined;
}

/** Text of an element, trimmed; throws a clear error when the element is missing. */
export async function textOf(frame: Frame, selector: string): Promise<string> {
  const element = await frame.$(selector);
  if (!element) throw new Error(`monitor has no element ${selector}`);
  return ((await element.textContent()) ?? '').trim();
}

/** Lower-case run status shown by #run-status (running, paused, stopped, finished, …). */
export async function runStatus(frame: Frame): Promise<string> {
  return (await textOf(frame, SELECTORS.status)).toLowerCase();
}

/** Epoch number shown by #epoch (first integer in its text). */
export async function shownEpoch(frame: Frame): Promise<number> {
  const text = await textOf(frame, SELECTORS.epoch);
  const match = /\d+/.exec(text.replace(/[,\s]/g, ''));
  if (!match) throw new Error(`#epoch shows no number: "${text}"`);
  return Number(match[0]);
}

/** Pictures of every canvas matching `selector` (read with getImageData inside the webview). */
export async function canvasPictures(frame: Frame, selector: string): Promise<CanvasPicture[]> {
  return frame.$$eval(selector, (canvases) => canvases.map((node) => {
    const canvas = node as HTMLCanvasElement;
    const context = canvas.getContext('2d');
    if (!context || canvas.width === 0 || canvas.height === 0) return { width: canvas.width, height: canvas.height, distinctColours: 0, fingerprint: 0 };
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    const colours = new Set<number>();
    let fingerprint = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const rgba = ((pixels[i] << 24) | (pixels[i + 1] << 16) | (pixels[i + 2] << 8) | pixels[i + 3]) >>> 0;
      if (colours.size < 4096) colours.add(rgba);
      fingerprint = (Math.imul(fingerprint, 31) + rgba) >>> 0;
    }
    return { width: canvas.width, height: canvas.height, distinctColours: colours.size, fingerprint };
  }));
}

/** Cell texts of the gradient-check table's body rows. */
export async function gradcheckRows(frame: Frame): Promise<string[][]> {
  return frame.$$eval(SELECTORS.gradcheckRows, (rows) =>
    rows.map((row) => Array.from(row.querySelectorAll('td')).map((cell) => (cell.textContent ?? '').trim())));
}

/** Polls `read` until `accept` holds or `timeoutMs` passes; returns the last value read (the caller asserts on it). */
export async function pollUntil<T>(page: Page, read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await page.waitForTimeout(250);
    value = await read();
  }
  return value;
}

/** How much of a δ-over-time map is drawn: its columns (time buckets), and the share of them with a cell that is not the colour of δ = 0. */
export interface TimeMapFill { layer: string; columns: number; rows: number; opaqueShare: number; inkedColumnShare: number }

/**
 * Reads every `canvas.delta-heatmap` (one pixel per cell) against the colour of 0 in its own legend bar (the middle
 * pixel of the `canvas.legend-bar` in the same figure): a column is inked when one of its cells differs from it.
 */
export async function timeMapFill(frame: Frame): Promise<TimeMapFill[]> {
  return frame.$$eval('canvas.delta-heatmap', (canvases) => canvases.map((node) => {
    const canvas = node as HTMLCanvasElement;
    const bar = canvas.closest('figure')?.querySelector('canvas.legend-bar') as HTMLCanvasElement | null;
    const { width, height } = canvas;
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
    const zero = bar ? Array.from(bar.getContext('2d')!.getImageData(Math.floor(bar.width / 2), 0, 1, 1).data) : [0, 0, 0, 0];
    let opaque = 0, inked = 0;
    for (let x = 0; x < width; x++) {
      let columnInked = false;
      for (let y = 0; y < height; y++) {
        const i = 4 * (y * width + x);
        if (pixels[i + 3] === 255) opaque++;
        if (Math.abs(pixels[i] - zero[0]) + Math.abs(pixels[i + 1] - zero[1]) + Math.abs(pixels[i + 2] - zero[2]) > 12) columnInked = true;
      }
      if (columnInked) inked++;
    }
    return { layer: canvas.dataset.layer ?? '?', columns: width, rows: height, opaqueShare: opaque / (width * height), inkedColumnShare: inked / width };
  }));
}

/**
 * Where a line of colour `css` (e.g. a legend swatch's computed `rgb(…)` or `rgba(…)`) runs in each canvas matching
 * `selector`: the mean height of its pixels as a share of the canvas height (0 bottom, 1 top), null when none has that
 * colour. Canvas pixels are read unblended (a translucent stroke keeps its rgb, with a lower alpha).
 */
export async function lineHeights(frame: Frame, selector: string, css: string): Promise<(number | null)[]> {
  return frame.$$eval(selector, (canvases, colour) => {
    const [r, g, b] = (colour.match(/\d+/g) ?? []).map(Number);
    return canvases.map((node) => {
      const canvas = node as HTMLCanvasElement;
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let sum = 0, count = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3] < 64 || Math.abs(pixels[i] - r) + Math.abs(pixels[i + 1] - g) + Math.abs(pixels[i + 2] - b) > 24) continue;
        sum += 1 - Math.floor(i / 4 / canvas.width) / canvas.height;
        count++;
      }
      return count ? sum / count : null;
    });
  }, css);
}

/** When a click on the watched button and the first status matching the wanted text happened, on the webview's own clock (epoch ms). */
export interface StatusTiming { clickedAt?: number; changedAt?: number }

/**
 * Starts timing inside the webview: the moment of the next click on `button` (if given) and of the first status text
 * matching `wanted` (a MutationObserver), so a figure excludes Playwright's click and the 250 ms polling.
 */
export async function armStatusTiming(frame: Frame, button: string | null, wanted: RegExp): Promise<void> {
  // No named functions inside: tsx's keepNames would wrap them in __name, which the webview does not define.
  await frame.evaluate(([buttonSelector, statusSelector, pattern]) => {
    const timing: { clickedAt?: number; changedAt?: number } = {};
    (window as unknown as { e2eStatusTiming: typeof timing }).e2eStatusTiming = timing;
    if (buttonSelector) document.querySelector(buttonSelector)?.addEventListener('click', () => { timing.clickedAt ??= performance.timeOrigin + performance.now(); }, { capture: true, once: true });
    const matches = new RegExp(pattern, 'i');
    const observer = new MutationObserver(() => {
      if (!matches.test(document.querySelector(statusSelector)?.textContent ?? '')) return;
      timing.changedAt = performance.timeOrigin + performance.now();
      observer.disconnect();
    });
    observer.observe(document.body, { childList: true, characterData: true, subtree: true });
  }, [button, SELECTORS.status, wanted.source] as const);
}

/** What armStatusTiming recorded so far. */
export async function statusTiming(frame: Frame): Promise<StatusTiming> {
  return frame.evaluate(() => (window as unknown as { e2eStatusTiming?: { clickedAt?: number; changedAt?: number } }).e2eStatusTiming ?? {});
}
