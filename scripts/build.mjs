// Bundles every entry point that exists with esbuild. Usage: node scripts/build.mjs [--watch] [--minify]
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');
const root = new URL('..', import.meta.url).pathname;

/** Node bundles: extension host, worker, CLI. */
const nodeEntries = [
  ['src/extension/extension.ts', 'dist/extension.js'],
  ['src/worker/worker.ts', 'dist/worker.js'],
  ['src/cli/main.ts', 'dist/cli.js'],
].filter(([src]) => existsSync(join(root, src)));

/** Browser bundles: webview scripts. */
const webEntries = ['media/monitor.ts', 'media/sidebar.ts', 'media/compare.ts'].filter((src) => existsSync(join(root, src)));

/** Integration tests run inside the VS Code extension host: one file per test plus the suite entry. */
const integrationDir = join(root, 'test/integration');
const integrationEntries = existsSync(integrationDir)
  ? readdirSync(integrationDir).filter((f) => f.endsWith('.ts')).map((f) => join('test/integration', f))
  : [];

const common = { bundle: true, sourcemap: true, minify, logLevel: 'warning', absWorkingDir: root };
const builds = [
  ...nodeEntries.map(([src, out]) => ({
    ...common, entryPoints: [src], outfile: out, platform: 'node', format: 'cjs', target: 'node18',
    external: ['vscode'],
    // jsonc-parser's UMD "main" hides its requires from esbuild ("Cannot find module './impl/format'"): use its ESM build.
    mainFields: ['module', 'main'],
    banner: out === 'dist/cli.js' ? { js: '#!/usr/bin/env node' } : undefined,
  })),
  ...(webEntries.length ? [{
    ...common, entryPoints: webEntries, outdir: 'dist/media', platform: 'browser', format: 'iife', target: 'es2022',
    loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file' },
  }] : []),
  ...(integrationEntries.length ? [{
    ...common, entryPoints: integrationEntries, outdir: 'out/test/integration', platform: 'node', format: 'cjs',
    target: 'node18', external: ['vscode', 'mocha'],
  }] : []),
];

mkdirSync(join(root, 'dist'), { recursive: true });
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  const t0 = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`built ${builds.length} bundle group(s) in ${Date.now() - t0} ms`);
}
