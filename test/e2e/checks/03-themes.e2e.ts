// Screenshots of the monitor in a light and a dark theme, saved under test-results/; the monitor follows the theme.
import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { resultsDir, session } from '../support/session';
import { monitorFrame, SELECTORS } from '../support/webview';
import { pickColorTheme, tidyForScreenshot, waitForThemeKind } from '../support/workbench';

const THEMES = [
  { name: 'light', colorTheme: 'Light Modern', workbenchKind: 'vs', webviewClass: 'vscode-light' },
  { name: 'dark', colorTheme: 'Dark Modern', workbenchKind: 'vs-dark', webviewClass: 'vscode-dark' },
] as const;

/** Mean luminance (0–255) of a PNG, decoded by the browser itself. */
function meanLuminance(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let sum = 0;
    for (let i = 0; i < pixels.length; i += 4) sum += 0.2126 * pixels[i] + 0.7152 * pixels[i + 1] + 0.0722 * pixels[i + 2];
    return sum / (pixels.length / 4);
  }, png.toString('base64'));
}

describe('monitor screenshots in light and dark themes', () => {
  const luminance: Record<string, number> = {};

  for (const theme of THEMES) {
    it(`${theme.name}: test-results/monitor-${theme.name}.png (workbench), -panel, -heatmaps and -gradcheck.png`, async () => {
      const { page } = session();
      await pickColorTheme(page, theme.colorTheme);
      await waitForThemeKind(page, theme.workbenchKind);
      const frame = await monitorFrame(page);
      await frame.waitForFunction((cls) => document.body.classList.contains(cls), theme.webviewClass, { timeout: 10_000 });
      await tidyForScreenshot(page);
      await page.waitForTimeout(1000); // let the monitor redraw its canvases in the new colours
      mkdirSync(resultsDir, { recursive: true });
      const file = join(resultsDir, `monitor-${theme.name}.png`);
      await page.screenshot({ path: file });
      assert.ok(statSync(file).size > 10_000, `${file} is suspiciously small`);
      const monitorElement = await frame.frameElement();
      const panel = await monitorElement.screenshot({ path: join(resultsDir, `monitor-${theme.name}-panel.png`) });
      luminance[theme.name] = await meanLuminance(page, panel);
      for (const [part, selector] of [['heatmaps', SELECTORS.heatmapCanvas], ['gradcheck', '#gradcheck-table']] as const) {
        await frame.locator(selector).first().scrollIntoViewIfNeeded();
        await monitorElement.screenshot({ path: join(resultsDir, `monitor-${theme.name}-${part}.png`) });
      }
      await frame.evaluate(() => window.scrollTo(0, 0));
    });
  }

  it('the monitor is clearly darker in the dark theme', () => {
    assert.ok(luminance.light !== undefined && luminance.dark !== undefined, 'a theme screenshot failed before');
    assert.ok(luminance.light - luminance.dark > 40, `mean luminance light ${luminance.light.toFixed(0)} vs dark ${luminance.dark.toFixed(0)}`);
  });
});
