// Refreshes the README's screenshots from the end-to-end run: runs `npm run test:e2e` (which saves them under
// test-results/), then copies the chosen ones to docs/images/. Usage: node scripts/screenshots.mjs [--no-run]
//   --no-run   copy from the last e2e run instead of starting one
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const resultsDir = join(root, 'test-results');
const imagesDir = join(root, 'docs/images');
/** test-results/<name> of the e2e checks 03-themes, 08-explain, 11-compare-runs and 90-authoring-screenshots; copied under the same name. */
const CHOSEN = ['monitor-light.png', 'monitor-dark.png', 'explain-light.png', 'explain-dark.png', 'compare-light.png', 'compare-dark.png', 'authoring-light.png', 'authoring-dark.png'];

const started = Date.now();
if (!process.argv.includes('--no-run')) {
  const e2e = spawnSync('npm', ['run', 'test:e2e'], { cwd: root, stdio: 'inherit' });
  if (e2e.status !== 0) {
    console.error(`[screenshots] npm run test:e2e failed (exit code ${e2e.status}): docs/images/ left as it was.`);
    process.exit(1);
  }
}

const missing = CHOSEN.filter((name) => !existsSync(join(resultsDir, name)));
const stale = process.argv.includes('--no-run')
  ? []
  : CHOSEN.filter((name) => !missing.includes(name) && statSync(join(resultsDir, name)).mtimeMs < started);
if (missing.length || stale.length) {
  console.error(`[screenshots] not written by this e2e run: ${[...missing, ...stale].join(', ')} (in ${resultsDir}).`);
  process.exit(1);
}
mkdirSync(imagesDir, { recursive: true });
for (const name of CHOSEN) {
  copyFileSync(join(resultsDir, name), join(imagesDir, name));
  console.log(`[screenshots] docs/images/${name} (${(statSync(join(imagesDir, name)).size / 1024).toFixed(0)} KiB)`);
}
