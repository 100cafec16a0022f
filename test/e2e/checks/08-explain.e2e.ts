// Explain one number in the real workbench: train a small spec, pause, Step, click a δ cell of hidden layer 1; the
// Explain pane's δ is the cell's (as its tooltip reads), BP2 is typeset by KaTeX, a BP2 term walks to layer 2, and the
// training step (batch mean, Adam's update) follows, and the backward pass is walked stop by stop. Screenshots of the pane at 540 px, light and dark:
// test-results/explain-light.png and explain-dark.png (and -step.png, scrolled to the update). Everything is read from the webview's DOM.
import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { resultsDir, saveScreenshot, session } from '../support/session';
import { monitorFrame, pollUntil, runStatus, textOf } from '../support/webview';
import { openFile, pickColorTheme, runCommand, tidyForScreenshot, waitForThemeKind } from '../support/workbench';

const FILE = 'e2e-explain.nn.json';
/** 2-6-4-2: layers 1 and 2 are hidden (BP2), layer 3 the softmax output (BP1). Noisy spirals: δ stays sizeable. */
const SPEC = {
  name: 'e2e explain', seed: 11, data: { builtin: 'spiral', samples: 200, noise: 0.3 },
  layers: [{ units: 2 }, { units: 6, activation: 'tanh' }, { units: 4, activation: 'tanh' }, { units: 2, activation: 'softmax' }],
  loss: 'cross_entropy', optimizer: { type: 'adam', learningRate: 0.01 }, training: { epochs: 1000000, batchSize: 8 },
};
const PANE_WIDTH = 540;

/** A number as the monitor prints it (formatNumber: −, e−) or as TeX (1.23\times 10^{-5}, parentheses). */
function parseShown(text: string): number {
  const plain = text.trim().replace(/^\((.*)\)$/, '$1').replace(/−/g, '-').replace(/\\times 10\^\{(-?\d+)\}/, 'e$1');
  const value = Number(plain);
  if (!Number.isFinite(value)) throw new Error(`not a number: "${text}"`);
  return value;
}

/** Equal in the 3 significant digits both sides show (one unit of the third digit apart at most: float32 vs float64 rounding). */
function sameShown(a: number, b: number): boolean {
  return Math.abs(a - b) <= 0.01 * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
}

/** The δ a pane shows: the number its BP2 result line (… = δ) ends with. */
async function paneDelta(frame: Frame): Promise<number> {
  const line = await frame.locator('.explain-bp2 > .explain-line .equation').last().getAttribute('data-tex');
  return parseShown(/= ([^=]+)$/.exec(line ?? '')?.[1] ?? '');
}

/** What the pane shows now, for a failure message: its status sentence and its blocks' titles. */
async function paneDump(frame: Frame): Promise<string> {
  return frame.evaluate(() => {
    const pane = document.getElementById('explain-pane');
    const titles = [...(pane?.querySelectorAll('h3') ?? [])].map((h) => h.textContent).join(' | ');
    return `status "${document.querySelector('.explain-status')?.textContent}", blocks [${titles}], katex ${pane?.querySelectorAll('.katex').length ?? 0}, run "${document.getElementById('run-status')?.textContent}"`;
  });
}

/** The centre of cell (row, col) of a heatmap canvas, relative to the canvas. */
async function cellCentre(frame: Frame, selector: string, row: number, col: number): Promise<{ x: number; y: number }> {
  return frame.locator(selector).evaluate((node, [r, c]) => {
    const canvas = node as HTMLCanvasElement, rect = canvas.getBoundingClientRect();
    return { x: ((c + 0.5) / canvas.width) * rect.width, y: ((r + 0.5) / canvas.height) * rect.height };
  }, [row, col]);
}

/** Resizes the page until the monitor webview is `width` px wide (secant steps: its width is linear in the page's). */
async function setMonitorWidth(page: Page, frame: Frame, width: number): Promise<number> {
  const element = await frame.frameElement();
  const measure = async () => (await element.boundingBox())?.width ?? 0;
  const size = page.viewportSize()!;
  let [v0, f0] = [size.width, await measure()];
  let v1 = Math.round(v0 + (width - f0) * 2);
  for (let i = 0; i < 5; i++) {
    await page.setViewportSize({ width: v1, height: size.height });
    await page.waitForTimeout(500);
    const f1 = await measure();
    if (Math.abs(f1 - width) <= 2 || f1 === f0) return f1;
    const slope = (f1 - f0) / (v1 - v0);
    [v0, f0, v1] = [v1, f1, Math.round(v1 + (width - f1) / slope)];
  }
  return measure();
}

describe('explain one number', () => {
  let frame: Frame;
  let viewport: { width: number; height: number } | null = null;
  /** δ^2_k as the followed BP2 term showed it. */
  let followed: { unit: number; delta: number } | null = null;

  before(() => writeFileSync(join(session().workspaceDir, FILE), `${JSON.stringify(SPEC, null, 2)}\n`));
  after(async () => { if (viewport) await session().page.setViewportSize(viewport); });

  it('train, pause, Step, click a δ cell of layer 1: the pane shows the cell\'s δ and BP2 typeset by KaTeX', async () => {
    const { page } = session();
    await openFile(page, FILE);
    await runCommand(page, 'Backprop Lens: Train Network');
    frame = await monitorFrame(page);
    assert.match(await pollUntil(page, () => runStatus(frame), (s) => s.includes('running'), 60_000), /running/, 'the run trains');
    await runCommand(page, 'Backprop Lens: Pause / Resume Training');
    assert.match(await pollUntil(page, () => runStatus(frame), (s) => s.includes('paused'), 60_000), /paused/, 'paused before the Step');
    const stepLabel = '.layer-row[data-layer="1"] .layer-header > span:last-of-type';
    const before = await textOf(frame, stepLabel);
    await frame.locator('#btn-step').click();
    const after = await pollUntil(page, () => textOf(frame, stepLabel), (text) => text !== before && /step \d+/.test(text), 15_000);
    assert.notEqual(after, before, `Step trained no batch: the layer still says "${before}"`);
    const cell = '.layer-row[data-layer="1"] canvas.batch-heatmap';
    const position = await cellCentre(frame, cell, 2, 3);
    await frame.locator(cell).hover({ position });
    const tip = await pollUntil(page, () => textOf(frame, '#tooltip'), (text) => /neuron 3 · sample 4 .* δ = /.test(text), 5000);
    assert.match(tip, /^layer 1 · neuron 3 · sample 4 · step \d+ · δ = /, 'the tooltip reads the cell');
    await frame.locator(cell).click({ position });
    const answered = await pollUntil(page, async () => (await frame.locator('.explain-bp2 .explain-term').count()) > 0, (found) => found, 15_000);
    assert.ok(answered, `no BP2 block in the Explain pane: ${await paneDump(frame)}`);
    assert.match(await textOf(frame, '.explain-status'), /^Layer 1 of 3, neuron 3: sample \d+ \(batch column 4\) of the mini-batch at step \d+/);
    assert.ok(await frame.locator('.explain-bp2 .katex').count() > 0, `BP2 is not typeset by KaTeX: ${await paneDump(frame)}`);
    const cellDelta = parseShown(tip.split('δ = ')[1]), shown = await paneDelta(frame);
    assert.ok(sameShown(shown, cellDelta), `the pane's δ ${shown} is not the cell's ${cellDelta}`);
    const term = frame.locator('.explain-bp2 .explain-term').first();
    const termTex = (await term.locator('.equation').getAttribute('data-tex')) ?? '';
    const factors = /= (.+)\\cdot (.+) = ([^=]+)$/.exec(termTex);
    assert.ok(factors, `a BP2 term reads W · δ = product: ${termTex}`);
    followed = { unit: Number(await term.getAttribute('data-unit')), delta: parseShown(factors[2]) };
    await saveScreenshot('explain-cell');
  });

  it('a BP2 term walks to that unit of layer 2 for the same sample: its δ is the term\'s δ', async () => {
    const { page } = session();
    assert.ok(followed, 'the check above found a BP2 term');
    await frame.locator('.explain-bp2 .explain-term').first().click();
    const status = await pollUntil(page, () => textOf(frame, '.explain-status'), (text) => text.startsWith(`Layer 2 of 3, neuron ${followed!.unit + 1}:`), 15_000);
    assert.match(status, new RegExp(`^Layer 2 of 3, neuron ${followed.unit + 1}: sample \\d+ \\(batch column 4\\)`), `the pane did not walk: ${await paneDump(frame)}`);
    assert.ok(await frame.locator('.explain-bp2 .explain-term').count() > 0, `layer 2 is hidden: BP2 again (${await paneDump(frame)})`);
    assert.equal(await paneDelta(frame), followed.delta, 'δ^2_k as the term showed it');
  });

  it('the training step follows: the batch mean beside backward()\'s, and Adam\'s m, v, m̂, v̂ and update', async () => {
    const lines = await frame.locator('.explain-step-weight .explain-line .equation').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-tex') ?? ''));
    const mean = lines.map((line) => /= ([^=]+)\\quad\(\\text\{backward\(\): \} (.+)\)$/.exec(line)).find(Boolean);
    assert.ok(mean, `a batch-mean line with backward()'s value: ${JSON.stringify(lines)}`);
    assert.equal(mean[1], mean[2], 'the mean equals backward()\'s to the digits shown');
    for (const start of ['m \\leftarrow', 'v \\leftarrow', '\\hat m = ']) assert.ok(lines.some((l) => l.startsWith(start)), `no line "${start}…": ${JSON.stringify(lines)}`);
  });

  it('steps through the backward pass: BP1 at layer 3, BP2 at layers 2 and 1, then BP3/BP4 and the update; ← and Esc', async () => {
    const { page } = session();
    const walkStatus = () => textOf(frame, '.walk-status');
    const current = () => frame.evaluate(() => [...document.querySelectorAll('#explain-pane .explain-current')].map((e) => e.classList[1]).join(' '));
    const highlighted = async () => (await frame.locator('canvas.network-diagram').getAttribute('data-highlighted')) ?? '';
    await frame.locator('#btn-walk-start').click();
    const expected: [number, RegExp, string][] = [
      [3, /^1 of 4: BP1 at the output layer 3: /, 'explain-bp1'],
      [2, /^2 of 4: BP2 at layer 2: /, 'explain-bp2'],
      [1, /^3 of 4: BP2 at layer 1: /, 'explain-bp2'],
      [1, /^4 of 4: BP3 and BP4 at layer 1, /, 'explain-gradients explain-step-bias explain-step-weight'],
    ];
    for (const [index, [layer, title, blocks]] of expected.entries()) {
      if (index > 0) await frame.locator('#btn-walk-next').click();
      const status = await pollUntil(page, walkStatus, (text) => title.test(text), 15_000);
      assert.match(status, title, `the walk's stop ${index + 1}`);
      const unit = Number(/neuron (\d+)/.exec(status)?.[1]);
      const pane = await pollUntil(page, () => textOf(frame, '.explain-status'), (text) => text.startsWith(`Layer ${layer} of 3, neuron ${unit}:`), 15_000);
      assert.match(pane, new RegExp(`^Layer ${layer} of 3, neuron ${unit}: sample \\d+ \\(batch column 4\\)`), `the pane explains the stop's unit for the same sample: ${await paneDump(frame)}`);
      assert.equal(await pollUntil(page, current, (c) => c === blocks, 5000), blocks, 'the current equation is marked');
      assert.equal(await highlighted(), String(layer), 'the diagram highlights the layer');
    }
    assert.ok(await frame.locator('#btn-walk-next').isDisabled(), 'the last stop has no Next');
    await frame.locator('#backward-walk').press('ArrowLeft');
    assert.match(await pollUntil(page, walkStatus, (text) => text.startsWith('3 of 4'), 15_000), /^3 of 4: BP2 at layer 1/, '← goes back one stop');
    await frame.locator('#backward-walk').press('Escape');
    assert.ok(await frame.locator('#btn-walk-start').isVisible(), 'Esc leaves the walk');
    assert.equal(await highlighted(), '', 'no layer highlighted after the walk');
    await frame.locator('#btn-walk-start').click(); // leave the walk at BP2, layer 2, for the screenshots below
    await frame.locator('#btn-walk-next').click();
    await pollUntil(page, current, (c) => c === 'explain-bp2', 15_000);
  });

  for (const theme of [{ name: 'light', colorTheme: 'Light Modern', kind: 'vs', body: 'vscode-light' }, { name: 'dark', colorTheme: 'Dark Modern', kind: 'vs-dark', body: 'vscode-dark' }] as const) {
    it(`${theme.name}: the Explain pane at ${PANE_WIDTH} px (test-results/explain-${theme.name}.png)`, async () => {
      const { page } = session();
      await pickColorTheme(page, theme.colorTheme);
      await waitForThemeKind(page, theme.kind);
      await frame.waitForFunction((cls) => document.body.classList.contains(cls), theme.body, { timeout: 10_000 });
      await tidyForScreenshot(page);
      viewport ??= page.viewportSize();
      const width = await setMonitorWidth(page, frame, PANE_WIDTH);
      assert.ok(Math.abs(width - PANE_WIDTH) <= 4, `the monitor is ${width} px wide, not ${PANE_WIDTH}`);
      await frame.locator('#section-explain').evaluate((node) => node.scrollIntoView({ block: 'start' })); // its top, also after -step.png
      await page.waitForTimeout(500);
      const file = join(resultsDir, `explain-${theme.name}.png`);
      await (await frame.frameElement()).screenshot({ path: file });
      assert.ok(statSync(file).size > 10_000, `${file} is suspiciously small`);
      await frame.locator('.explain-step-weight').scrollIntoViewIfNeeded();
      await (await frame.frameElement()).screenshot({ path: join(resultsDir, `explain-${theme.name}-step.png`) });
      const overflow = await frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the monitor scrolls sideways by ${overflow} px at ${PANE_WIDTH} px`);
    });
  }
});
