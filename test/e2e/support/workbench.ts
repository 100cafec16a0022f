// Drives the workbench as a person does: command palette, quick open, Problems view, colour theme.
import type { Locator, Page } from 'playwright-core';

const PALETTE_INPUT = '.quick-input-widget input.input';
const PALETTE_ROWS = '.quick-input-widget .monaco-list-row';

/** Opens the palette (F1) and types `text` ('>' prefix: commands; none: files). */
async function typeInPalette(page: Page, text: string): Promise<Locator> {
  const input = page.locator(PALETTE_INPUT);
  if (!(await input.isVisible())) {
    await page.locator('.monaco-workbench .part.statusbar').click({ position: { x: 5, y: 5 } }).catch(() => {});
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
  }
  await input.fill(text);
  return input;
}

/** Row whose aria-label is `label` (optionally followed by ", <keybinding>" or ", <description>"). */
async function findRow(page: Page, label: string, waitMs: number): Promise<Locator | undefined> {
  const deadline = Date.now() + waitMs;
  do {
    const labels = await page.locator(PALETTE_ROWS).evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
    const index = labels.findIndex((text) => text === label || text.startsWith(`${label},`));
    if (index >= 0) return page.locator(PALETTE_ROWS).nth(index);
    await page.waitForTimeout(250);
  } while (Date.now() < deadline);
  return undefined;
}

/** Labels the palette failed to offer once: later attempts do not wait the full time again. */
const labelsNeverOffered = new Set<string>();

/**
 * Picks `label` after typing `query`; retries until `timeoutMs` because contributions appear once the extension host
 * has scanned. Resolves the time (Date.now()) just before the Enter or click that picked it.
 */
async function pickFromPalette(page: Page, query: string, label: string, timeoutMs: number, closes = true): Promise<number> {
  const deadline = Date.now() + (labelsNeverOffered.has(label) ? 0 : timeoutMs);
  for (;;) {
    await typeInPalette(page, query);
    const row = await findRow(page, label, 3000);
    if (row) {
      // A command that closes the palette: Enter on the focused row when it is the one wanted (the palette focuses the
      // best match), since a click at a row found by index can land on another command if the list re-renders. One that
      // opens a quick pick next is clicked (with Enter, the pick's rows were once read before they replaced the palette's).
      const focused = closes ? await page.locator(`${PALETTE_ROWS}.focused`).first().getAttribute('aria-label', { timeout: 1000 }).catch(() => null) : null;
      const picked = Date.now();
      if (focused !== null && (focused === label || focused.startsWith(`${label},`))) await page.locator(PALETTE_INPUT).press('Enter');
      else await row.click();
      if (closes) await page.locator(PALETTE_INPUT).waitFor({ state: 'hidden', timeout: 10_000 });
      return picked;
    }
    await page.keyboard.press('Escape');
    if (Date.now() > deadline) labelsNeverOffered.add(label);
    if (Date.now() > deadline) throw new Error(`"${label}" is not offered by the palette for "${query}" (waited ${timeoutMs / 1000} s)`);
    await page.waitForTimeout(1000);
  }
}

/** Runs the command titled `title` (e.g. "Backprop Lens: Train Network") from the command palette; resolves when Enter was pressed on it (Date.now()). */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<number> {
  return pickFromPalette(page, `>${title}`, title, timeoutMs);
}

/**
 * Runs a command that then asks with a quick pick; resolves the labels it offered and picks the first whose label
 * starts with `prefix` (throws naming the offered labels when none does).
 */
export async function runCommandAndPick(page: Page, title: string, prefix: string): Promise<string[]> {
  await pickFromPalette(page, `>${title}`, title, 30_000, false);
  const rows = page.locator(PALETTE_ROWS);
  let labels: string[];
  const deadline = Date.now() + 10_000;
  do {
    await page.waitForTimeout(250);
    labels = await rows.evaluateAll((found) => found.map((row) => row.getAttribute('aria-label') ?? ''));
  } while (!labels.some((label) => label.startsWith(prefix)) && Date.now() < deadline);
  const index = labels.findIndex((label) => label.startsWith(prefix));
  if (index < 0) throw new Error(`"${title}" offered no item starting with "${prefix}": ${JSON.stringify(labels)}`);
  await rows.nth(index).click();
  await page.locator(PALETTE_INPUT).waitFor({ state: 'hidden', timeout: 10_000 });
  return labels;
}

/** Opens a workspace file by name through quick open and waits for its editor tab to be active. */
export async function openFile(page: Page, fileName: string, timeoutMs = 30_000): Promise<void> {
  await pickFromPalette(page, fileName, fileName, timeoutMs);
  await page.locator(`.tabs-container .tab.active[aria-label^="${fileName}"]`).waitFor({ timeout: 10_000 });
}

/** Marker rows of the Problems view (aria-labels carry severity, message and position). */
export async function problemRows(page: Page): Promise<string[]> {
  await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
  const rows = page.locator('.markers-panel .monaco-list-row');
  return rows.evaluateAll((elements) => elements.map((row) => row.getAttribute('aria-label') ?? row.textContent ?? ''));
}

/** Picks a colour theme by its label through "Preferences: Color Theme", as a user does. */
export async function pickColorTheme(page: Page, themeLabel: string): Promise<void> {
  await pickFromPalette(page, '>Preferences: Color Theme', 'Preferences: Color Theme', 30_000, false);
  await page.waitForTimeout(500); // the theme picker replaces the command list
  const input = page.locator(PALETTE_INPUT);
  await input.fill(themeLabel);
  const row = await findRow(page, themeLabel, 5000);
  if (!row) throw new Error(`theme "${themeLabel}" is not offered by the theme picker`);
  await row.click();
  await input.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Hides the bottom panel and the secondary side bar and parks the mouse, so a screenshot shows the editors. */
export async function tidyForScreenshot(page: Page): Promise<void> {
  if (await page.locator('.monaco-workbench .part.panel').isVisible()) await runCommand(page, 'View: Toggle Panel Visibility');
  if (await page.locator('.monaco-workbench .part.auxiliarybar').isVisible()) await runCommand(page, 'View: Hide Secondary Side Bar');
  await page.mouse.move(1, 1);
}

/** Waits until the workbench shows a light ('vs') or dark ('vs-dark') theme. */
export async function waitForThemeKind(page: Page, kind: 'vs' | 'vs-dark', timeoutMs = 15_000): Promise<void> {
  await page.waitForFunction((wanted) => document.querySelector('.monaco-workbench')?.classList.contains(wanted), kind, { timeout: timeoutMs });
}

/**
 * Runs a command that asks with a multi-select quick pick; ticks, for each prefix, the first item whose label starts
 * with it, then accepts with Enter. Resolves the labels offered (throws naming them when a prefix matches none).
 */
export async function runCommandAndPickMany(page: Page, title: string, prefixes: string[]): Promise<string[]> {
  await pickFromPalette(page, `>${title}`, title, 30_000, false);
  const rows = page.locator(PALETTE_ROWS);
  const matches = (found: string[]) => prefixes.map((prefix) => found.findIndex((label) => label.startsWith(prefix)));
  let labels: string[];
  const deadline = Date.now() + 10_000;
  do {
    await page.waitForTimeout(250);
    labels = await rows.evaluateAll((found) => found.map((row) => row.getAttribute('aria-label') ?? ''));
  } while (matches(labels).includes(-1) && Date.now() < deadline);
  const indexes = matches(labels);
  if (indexes.includes(-1)) throw new Error(`"${title}" offered no item for each of ${JSON.stringify(prefixes)}: ${JSON.stringify(labels)}`);
  for (const index of indexes) {
    await rows.nth(index).locator('.monaco-checkbox').first().click();
    await page.waitForFunction(({ selector, n }) => {
      const row = document.querySelectorAll(selector)[n];
      const box = row?.querySelector('.monaco-checkbox');
      return row?.getAttribute('aria-checked') === 'true' || box?.getAttribute('aria-checked') === 'true' || !!box?.classList.contains('checked');
    }, { selector: PALETTE_ROWS, n: index }, { timeout: 5000 });
  }
  await page.locator(PALETTE_INPUT).press('Enter');
  await page.locator(PALETTE_INPUT).waitFor({ state: 'hidden', timeout: 10_000 });
  return labels;
}

const THEME_LABELS = { light: { label: 'Light Modern', kind: 'vs' }, dark: { label: 'Dark Modern', kind: 'vs-dark' } } as const;

/** Switches to Light Modern or Dark Modern through the theme picker, unless the workbench already shows that kind. */
export async function useTheme(page: Page, theme: keyof typeof THEME_LABELS): Promise<void> {
  const { label, kind } = THEME_LABELS[theme];
  if (await page.locator(`.monaco-workbench.${kind}`).count()) return;
  await pickColorTheme(page, label);
  await waitForThemeKind(page, kind);
}
