/**
 * Real-browser check of the monitor bundle (headless Debian chromium, never a downloaded one): serves dist/media behind
 * the production CSP shell, replays a recorded spiral run, asserts the loss chart, every layer's δ heatmap and the
 * gradient-check table are drawn, that the CSP blocked nothing, and saves dark, light and high-contrast screenshots
 * (plus a 540 px wide panel and the sidebar).
 * Usage: npm run build && node --import tsx test/unit/webview/browser/preview.ts [--out <dir>] [--chromium <path>]
 * --large: instead, play 20 synthetic 784-256-128-10 snapshots a second (batch 128) for 15 s and report the frame rate.
 * Exit code: 0 all checks pass, 1 a check failed.
 */
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { encodeValue } from '../../../../media/lib/persist';
import { webviewHtml } from '../../../../src/extension/monitor/webviewHtml';
import { recordBarsRun, recordSpiralRun, spiralExplanation } from '../recordedRun';
import { recordOf } from '../recordFixture';
import type { HostToWebview } from '../../../../src/protocol';

const root = resolve(__dirname, '../../../..');
const { values: args } = parseArgs({ options: { out: { type: 'string', default: join(root, 'out/webview-preview') }, chromium: { type: 'string', default: '/usr/bin/chromium' }, large: { type: 'boolean', default: false } } });
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf' };

/** Serves /media/* from dist/media, /preview/* from this folder, and / as the production shell. */
async function serve(fakeHostJs: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    if (url.pathname === '/') {
      const theme = { light: 'vscode-light', hc: 'vscode-high-contrast' }[url.searchParams.get('theme') ?? ''] ?? 'vscode-dark';
      const entry = url.searchParams.get('entry') === 'sidebar' ? 'sidebar' : 'monitor';
      let html = webviewHtml({ entry, title: 'preview', scriptUri: `${origin}/media/${entry}.js`, styleUri: `${origin}/media/${entry}.css`, cspSource: origin, nonce: 'preview-nonce' });
      html = html.replace('<body ', `<body class="${theme}" `).replace('</head>', `  <link rel="stylesheet" href="${origin}/preview/theme.css">\n</head>`)
        .replace('<script nonce', '<script nonce="preview-nonce" src="/preview/fakeHost.js"></script>\n  <script nonce');
      response.writeHead(200, { 'content-type': 'text/html' }).end(html);
      return;
    }
    if (url.pathname === '/preview/fakeHost.js') return void response.writeHead(200, { 'content-type': TYPES['.js'] }).end(fakeHostJs);
    const file = url.pathname.startsWith('/media/') ? join(root, 'dist/media', url.pathname.slice(7)) : url.pathname === '/preview/theme.css' ? join(__dirname, 'theme.css') : '';
    if (!file || !existsSync(file)) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

/** Distinct colours of every canvas matching the selector (read back inside the page). */
function canvasColours(page: Page, selector: string): Promise<{ layer: string | null; width: number; colours: number }[]> {
  return page.$$eval(selector, (nodes) => nodes.map((node) => {
    const canvas = node as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) colours.add((data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3]);
    return { layer: canvas.getAttribute('data-layer'), width: canvas.width, colours: colours.size };
  }));
}

async function checkTheme(page: Page, origin: string, theme: 'light' | 'dark' | 'hc', stream: unknown[], shot = `monitor-${theme}`): Promise<void> {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${origin}/?theme=${theme}`);
  await page.waitForFunction(() => (window as unknown as { __posts: { type: string }[] }).__posts.some((p) => p.type === 'ready'));
  await page.evaluate((messages) => (window as unknown as { __play(m: unknown[], d: number): Promise<void> }).__play(messages, 5), stream);
  await page.waitForFunction(() => document.getElementById('run-status')?.textContent === 'finished');
  await page.waitForTimeout(300);
  const loss = await canvasColours(page, '#loss-chart canvas');
  assert.ok(loss.length === 1 && loss[0].colours > 3, `loss chart drawn: ${JSON.stringify(loss)}`);
  const heatmaps = await canvasColours(page, 'canvas.delta-heatmap');
  assert.deepEqual(heatmaps.map((h) => h.layer), ['1', '2', '3']);
  for (const h of heatmaps) assert.ok(h.colours > 5, `layer ${h.layer} heatmap: ${h.colours} colours`);
  const rows = await page.$$eval('#gradcheck-table tbody tr', (trs) => trs.map((tr) => tr.querySelectorAll('td').length));
  const columns = await page.$$eval('#gradcheck-table thead th', (ths) => ths.map((th) => th.textContent));
  assert.equal(columns.length, 9, `gradient-check columns: ${columns.join(' | ')}`);
  assert.deepEqual(rows, [9, 9, 9], 'one row per layer, a cell under every column');
  const katex = await page.$$eval('.equation .katex', (nodes) => nodes.length);
  const pointsDrawn = await page.evaluate(() => Number(document.querySelector<HTMLCanvasElement>('#boundary-points')?.dataset.points ?? 0));
  assert.equal(pointsDrawn, 120, 'all 120 spiral points drawn over the decision boundary');
  assert.ok(katex >= 8, `KaTeX typeset ${katex} equations`);
  const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  assert.deepEqual(violations, [], 'the CSP blocked nothing');
  assert.deepEqual(errors, [], 'no console errors');
  await page.screenshot({ path: join(args.out!, `${shot}.png`), fullPage: true });
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > width + 1).slice(0, 3);
    return { by: document.documentElement.scrollWidth - width, wide: wide.map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`) };
  });
  assert.ok(overflow.by <= 0, `the page scrolls sideways by ${overflow.by} px: ${overflow.wide.join(', ')}`);
  const tableScrolls = await page.$eval('#gradcheck-table', (table) => { const box = table.closest('.table-scroll'); return box ? box.scrollWidth - box.clientWidth : 0; });
  assert.ok(tableScrolls <= 1, `the gradient-check table needs ${tableScrolls} px of sideways scrolling`);
  console.log(`✔ ${shot}: loss chart, ${heatmaps.length} δ heatmaps, ${rows.length} grad-check rows, ${katex} equations, no CSP violation`);
}

/**
 * The run's record with a [min, max] band on layer 1's ‖δ‖ and update ratio (one bucket ×30 above its mean), the
 * slider moved by keyboard a third of the way: every time-axis view shows its cursor at the pinned step, at 540 px.
 */
async function checkRecordCursor(page: Page, origin: string, stream: HostToWebview[]): Promise<void> {
  const record = recordOf(stream);
  for (const key of ['deltaNorm', 'updateRatio'] as const) {
    const series = record.layers[0][key], spike = Math.floor(series.mean.length / 2);
    series.max = series.mean.map((v, i) => (i === spike ? 30 * v : 1.5 * v));
    series.min = series.mean.map((v) => v / 1.5);
  }
  await page.goto(`${origin}/?theme=dark`);
  await page.waitForFunction(() => (window as unknown as { __posts: { type: string }[] }).__posts.some((p) => p.type === 'ready'));
  const asFloat32 = (v: unknown): unknown => (v instanceof Float64Array ? Float32Array.from(v) : Array.isArray(v) ? v.map(asFloat32) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([key, x]) => [key, asFloat32(x)])) : v);
  const withRecord = [...stream, { type: 'record', record: asFloat32(record) }]; // encodeValue carries Float32Arrays only
  await page.evaluate((messages) => (window as unknown as { __play(m: unknown[], d: number): Promise<void> }).__play(messages, 5), withRecord.map((m) => encodeValue(m)));
  await page.waitForFunction(() => document.getElementById('run-status')?.textContent === 'finished');
  await page.locator('#frame-slider').focus();
  await page.keyboard.press('Home');
  const k = Math.floor(record.frameSteps.length / 3);
  for (let i = 0; i < k; i++) await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(300);
  const step = String(record.frameSteps[k]);
  assert.equal(await page.$eval('#frame-slider', (el) => (el as HTMLInputElement).value), step, 'the slider holds the frame’s step');
  const cursors = await page.$$eval('.step-cursor', (nodes) => nodes.map((n) => ({ in: n.closest('[id], [data-layer]')?.id || n.parentElement?.querySelector('canvas')?.getAttribute('class'), step: (n as HTMLElement).dataset.step, shown: (n as HTMLElement).getBoundingClientRect().height > 0 })));
  assert.equal(cursors.length, 3 + record.layers.length, `loss, ‖δ‖, update ratio and one δ-over-time map per layer: ${JSON.stringify(cursors)}`);
  assert.ok(cursors.every((c) => c.shown && c.step === step), `every cursor shown at step ${step}: ${JSON.stringify(cursors)}`);
  const ratio = await canvasColours(page, '#update-ratio-chart canvas');
  assert.ok(ratio.length === 1 && ratio[0].colours > 3, 'update-ratio chart drawn');
  await page.locator('#section-norms').screenshot({ path: join(args.out!, 'monitor-record-norms-narrow-dark.png') });
  await page.screenshot({ path: join(args.out!, 'monitor-record-narrow-dark.png'), fullPage: true });
  console.log(`✔ monitor-record-narrow-dark: ‖δ‖ and update-ratio bands, ${cursors.length} cursors at step ${step} (frame ${k} of ${record.frameSteps.length}) at 540 px`);
}

/** Frame rate (the dashboard's own rAF meter) and long tasks while a large synthetic run streams in. */
async function measureLarge(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/?theme=dark`);
  await page.evaluate(() => {
    (window as unknown as { __longTasks: number[] }).__longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => (window as unknown as { __longTasks: number[] }).__longTasks.push(e.duration))).observe({ entryTypes: ['longtask'] });
    (document.getElementById('debug-footer') as HTMLDetailsElement).open = true;
  });
  const cdp = process.env.PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdp) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.start'); }
  const fps: number[] = [];
  const play = page.evaluate(() => (window as unknown as { __playSynthetic(s: number[], b: number, n: number, r: number): Promise<void> }).__playSynthetic([784, 256, 128, 10], 128, 300, 20));
  for (let i = 0; i < 14; i++) {
    await page.waitForTimeout(1000);
    const value = await page.$eval('#fps-meter', (el) => Number((el as HTMLElement).dataset.fps ?? NaN));
    if (Number.isFinite(value)) fps.push(value);
  }
  await play;
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop') as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[] } };
    const self = new Map<number, number>();
    profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + profile.timeDeltas[i]));
    const byName = new Map<string, number>();
    for (const n of profile.nodes) { const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; byName.set(k, (byName.get(k) ?? 0) + (self.get(n.id) ?? 0)); }
    console.log([...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`).join('\n'));
  }
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  const sorted = [...fps].sort((a, b) => a - b);
  console.log(JSON.stringify({ bench: 'webview-large', updatesPerSecond: 20, fpsMedian: sorted[sorted.length >> 1], fpsMin: sorted[0], fps, longTasks: longTasks.length, longTaskMsMax: Math.round(Math.max(0, ...longTasks)) }));
  await page.screenshot({ path: join(args.out!, 'monitor-large-dark.png'), fullPage: true });
}

/** An image run with ∂E/∂W on: one ∂E/∂W heatmap per layer and the first-layer weights as 8 × 8 images, all drawn. */
async function checkImageRun(page: Page, origin: string, stream: unknown[]): Promise<void> {
  await page.goto(`${origin}/?theme=light`);
  await page.waitForFunction(() => (window as unknown as { __posts: { type: string }[] }).__posts.some((p) => p.type === 'ready'));
  await page.evaluate((messages) => (window as unknown as { __play(m: unknown[], d: number): Promise<void> }).__play(messages, 2), stream);
  await page.waitForFunction(() => document.getElementById('run-status')?.textContent === 'finished');
  await page.waitForTimeout(300);
  const images = await canvasColours(page, '#weight-images canvas.weight-image');
  assert.equal(images.length, 12, 'one image per first-layer unit');
  for (const image of images) assert.ok(image.width === 8 && image.colours > 5, `weight image ${JSON.stringify(image)}`);
  const gradients = await canvasColours(page, 'canvas.dw-heatmap');
  assert.deepEqual(gradients.map((g) => g.layer), ['1', '2']);
  for (const g of gradients) assert.ok(g.colours > 5, `∂E/∂W${g.layer}: ${g.colours} colours`);
  assert.equal(await page.$eval('#btn-dw', (b) => b.textContent), 'Hide ∂E/∂W');
  const findings = await page.$$eval('#health-findings li', (items) => items.map((li) => li.getAttribute('data-kind')));
  assert.deepEqual(findings, ['dead-units'], 'the dead relu layer is listed under ‖δ‖');
  assert.equal(await page.$eval('.boundary-view', (f) => (f as HTMLElement).hidden), true, 'no decision boundary for image inputs');
  assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), []);
  await page.screenshot({ path: join(args.out!, 'monitor-images-light.png'), fullPage: true });
  console.log('✔ monitor-images-light: 12 first-layer weight images, 2 ∂E/∂W heatmaps, a dead-relu finding, no CSP violation');
}

/** At 540 px (the panel beside an editor): an Explain answer draws the pane and the network diagram; a screenshot of both. */
async function checkExplainDiagram(page: Page, origin: string, theme: 'dark' | 'light', stream: unknown[], answer: unknown): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${origin}/?theme=${theme}`);
  await page.waitForFunction(() => (window as unknown as { __posts: { type: string }[] }).__posts.some((p) => p.type === 'ready'));
  await page.evaluate((messages) => (window as unknown as { __play(m: unknown[], d: number): Promise<void> }).__play(messages, 1), [...stream, answer]);
  await page.waitForFunction(() => document.getElementById('network-diagram')?.hidden === false, undefined, { timeout: 10_000 })
    .catch((error: Error) => { throw new Error(`${error.message}; page errors: ${errors.join(' | ') || 'none'}`); });
  await page.waitForTimeout(200);
  assert.deepEqual(errors, [], 'no page errors');
  const diagram = await canvasColours(page, 'canvas.network-diagram');
  assert.ok(diagram.length === 1 && diagram[0].colours > 20, `network diagram drawn: ${JSON.stringify(diagram)}`);
  const katex = await page.$$eval('#explain-pane .katex', (nodes) => nodes.length);
  assert.ok(katex >= 4, `the Explain pane typeset ${katex} lines`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
  assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), []);
  await page.locator('#section-explain').screenshot({ path: join(args.out!, `explain-diagram-${theme}.png`) });
  console.log(`✔ explain-diagram-${theme}: Explain pane (${katex} KaTeX lines) and network diagram at 540 px`);
}

/** The sidebar bundle: same stream, its own ids, no CSP violation; a narrow screenshot. */
async function checkSidebar(page: Page, origin: string, stream: unknown[]): Promise<void> {
  await page.goto(`${origin}/?theme=dark&entry=sidebar`);
  await page.waitForFunction(() => (window as unknown as { __posts: { type: string }[] }).__posts.some((p) => p.type === 'ready'));
  await page.evaluate((messages) => (window as unknown as { __play(m: unknown[], d: number): Promise<void> }).__play(messages, 2), stream);
  await page.waitForFunction(() => document.getElementById('sidebar-run-status')?.textContent === 'finished');
  const bars = await page.$$eval('#sidebar-norm-bars .norm-bar', (nodes) => nodes.length);
  assert.equal(bars, 3);
  const sparkline = await canvasColours(page, '#sidebar-sparkline');
  assert.ok(sparkline[0].colours > 2, 'sparkline drawn');
  assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), []);
  await page.screenshot({ path: join(args.out!, 'sidebar-dark.png'), fullPage: true });
  console.log('✔ sidebar: 3 ‖δ‖ bars, sparkline, no CSP violation');
}

async function main(): Promise<void> {
  mkdirSync(args.out!, { recursive: true });
  const fake = await esbuild.build({ entryPoints: [join(__dirname, 'fakeHost.ts')], bundle: true, write: false, format: 'iife', platform: 'browser' });
  const { server, origin } = await serve(fake.outputFiles[0].text);
  const browser = await chromium.launch({ executablePath: args.chromium, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    if (args.large) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await measureLarge(page, origin);
      return;
    }
    const messages = recordSpiralRun({ epochs: 12 });
    const stream = messages.map((m) => encodeValue(m));
    for (const theme of ['dark', 'light', 'hc'] as const) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await checkTheme(page, origin, theme, stream);
      await page.close();
    }
    const half = await browser.newPage({ viewport: { width: 540, height: 900 } }); // the panel beside an editor
    await checkTheme(half, origin, 'dark', stream, 'monitor-narrow-dark');
    await checkRecordCursor(await browser.newPage({ viewport: { width: 540, height: 900 } }), origin, messages);
    const answer = encodeValue(spiralExplanation(2, 1));
    for (const theme of ['dark', 'light'] as const) {
      const explainPage = await browser.newPage({ viewport: { width: 540, height: 900 } });
      await checkExplainDiagram(explainPage, origin, theme, stream, answer);
      await explainPage.close();
    }
    const images = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await checkImageRun(images, origin, recordBarsRun().map((m) => encodeValue(m)));
    const narrow = await browser.newPage({ viewport: { width: 320, height: 700 } });
    await checkSidebar(narrow, origin, stream);
    console.log(`screenshots in ${args.out}`);
  } finally {
    await browser.close();
    server.close();
  }
}

main().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
