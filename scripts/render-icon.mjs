// Renders the Marketplace icon media/icons/backprop-lens.png (128 × 128) from media/icons/backprop-lens.svg with
// Debian's headless chromium: the activity-bar glyph, white on a dark rounded square, the backward arc in amber.
// Usage: node scripts/render-icon.mjs   (commit the PNG it writes)
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from './vscode-host/browser.mjs';
import { CHROMIUM_PATH } from './vscode-host/paths.mjs';

const SIZE = 128;
const root = new URL('..', import.meta.url);
const svg = readFileSync(new URL('media/icons/backprop-lens.svg', root), 'utf8');
const output = new URL('media/icons/backprop-lens.png', root).pathname;

const page = `<!doctype html><style>
  html, body { margin: 0; background: transparent; }
  .tile { width: ${SIZE}px; height: ${SIZE}px; border-radius: 22px; display: grid; place-items: center;
          background: linear-gradient(150deg, #2b3a67, #121a33); color: #f2f5ff; }
  .tile svg { width: 104px; height: 104px; }
  .tile svg path:nth-of-type(n + 2) { stroke: #ffb347; }   /* the dashed backward arc and its arrowhead: δ flowing back */
</style><div class="tile">${svg}</div>`;

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
try {
  const tab = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await tab.setContent(page);
  await tab.locator('.tile').screenshot({ path: output, omitBackground: true });
  console.log(`wrote ${output} (${SIZE} × ${SIZE})`);
} finally {
  await browser.close();
}
