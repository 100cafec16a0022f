// Bundles every entry point that exists with esbuild. Usage: node scripts/build.mjs [--watch] [--minify] [--production]
//   --watch       rebuilds on change (esbuild's context().watch()), printing "[watch] build started/finished" and
//                 errors as "✘ [ERROR] message" + "    file:line:column:" for the problem matcher of .vscode/tasks.json
//   --production  what the .vsix ships (`vscode:prepublish`): minified, no source maps, no integration-test bundles
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const minify = production || process.argv.includes('--minify');
const root = new URL('..', import.meta.url).pathname;

/** Node bundles: extension host, worker, CLI. */
const nodeEntries = [
  ['src/extension/extension.ts', 'dist/extension.js'],
  ['src/worker/worker.ts', 'dist/worker.js'],
  ['src/cli/main.ts', 'dist/cli.js'],
].filter(([src]) => existsSync(join(root, src)));

/**
 * The browser build of the extension (the manifest's "browser", for vscode.dev / github.dev): the web-worker
 * extension host's entry, with the training worker's bundle inlined as text (it starts from a blob URL).
 */
const webExtensionEntry = 'src/extension/extension.web.ts';
const webWorkerEntry = 'src/worker/worker.web.ts';
const hasWebExtension = existsSync(join(root, webExtensionEntry)) && existsSync(join(root, webWorkerEntry));

/** Replaces src/extension/webWorkerSource.ts by the worker bundle's text (rebuilt, and watched, with the extension). */
const inlineWebWorkerPlugin = {
  name: 'inline-web-worker',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]extension[\\/]webWorkerSource\.ts$/ }, async () => {
      const worker = await esbuild.build({
        entryPoints: [webWorkerEntry], absWorkingDir: root, bundle: true, write: false, metafile: true, minify,
        platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'warning', mainFields: ['module', 'main'],
      });
      return {
        contents: `export const WEB_WORKER_SOURCE = ${JSON.stringify(worker.outputFiles[0].text)};`, loader: 'ts',
        watchFiles: Object.keys(worker.metafile.inputs).map((f) => join(root, f)),
      };
    });
  },
};

/** Browser bundles: webview scripts. */
const webEntries = ['media/monitor.ts', 'media/sidebar.ts', 'media/compare.ts'].filter((src) => existsSync(join(root, src)));

/** Integration tests run inside the VS Code extension host: one file per test plus the suite entry. */
const integrationDir = join(root, 'test/integration');
const integrationEntries = existsSync(integrationDir) && !production
  ? readdirSync(integrationDir).filter((f) => f.endsWith('.ts')).map((f) => join('test/integration', f))
  : [];

/**
 * Web tests run inside the browser's web-worker extension host (npm run test:web): one bundle, out/test/web/index.js,
 * whose entry (generated here) loads test/web/index.ts (mocha set up) and then every test/web/*.test.ts, in name order.
 */
const webTestDir = join(root, 'test/web');
const webTestFiles = existsSync(webTestDir) && !production
  ? readdirSync(webTestDir).filter((f) => f.endsWith('.test.ts')).sort()
  : [];
const webTestEntry = [
  "export { run } from './test/web/index';",
  ...webTestFiles.map((f) => `import './test/web/${f}';`),
].join('\n');

/** In watch mode: one "started" when the first bundle group starts, one "finished" when the last one ends. */
let pendingGroups = 0;
const watchLogPlugin = {
  name: 'watch-log',
  setup(build) {
    build.onStart(() => { if (pendingGroups++ === 0) console.log('[watch] build started'); });
    build.onEnd(({ errors }) => {
      for (const { text, location } of errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column + 1}:`);
      }
      if (--pendingGroups === 0) console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true, sourcemap: !production, minify, absWorkingDir: root,
  ...(watch ? { logLevel: 'silent', plugins: [watchLogPlugin] } : { logLevel: 'warning' }),
};
const builds = [
  ...nodeEntries.map(([src, out]) => ({
    ...common, entryPoints: [src], outfile: out, platform: 'node', format: 'cjs', target: 'node18',
    external: ['vscode'],
    // jsonc-parser's UMD "main" hides its requires from esbuild ("Cannot find module './impl/format'"): use its ESM build.
    mainFields: ['module', 'main'],
    banner: out === 'dist/cli.js' ? { js: '#!/usr/bin/env node' } : undefined,
  })),
  ...(hasWebExtension ? [{
    ...common, entryPoints: [webExtensionEntry], outfile: 'dist/web/extension.js', platform: 'browser', format: 'cjs', target: 'es2022',
    external: ['vscode'], mainFields: ['module', 'main'], // jsonc-parser's ESM build, as above
    plugins: [...(common.plugins ?? []), inlineWebWorkerPlugin],
  }] : []),
  ...(webEntries.length ? [{
    ...common, entryPoints: webEntries, outdir: 'dist/media', platform: 'browser', format: 'iife', target: 'es2022',
    loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file' },
  }] : []),
  ...(integrationEntries.length ? [{
    ...common, entryPoints: integrationEntries, outdir: 'out/test/integration', platform: 'node', format: 'cjs',
    target: 'node18', external: ['vscode', 'mocha'], mainFields: ['module', 'main'], // jsonc-parser's ESM build, as above
  }] : []),
  ...(webTestFiles.length ? [{
    ...common, stdin: { contents: webTestEntry, resolveDir: root, sourcefile: 'test/web/entry.ts', loader: 'ts' },
    outfile: 'out/test/web/index.js', platform: 'browser', format: 'cjs', target: 'es2022', external: ['vscode'],
    mainFields: ['browser', 'module', 'main'],
  }] : []),
];

if (production) rmSync(join(root, 'dist'), { recursive: true, force: true }); // nothing stale reaches the .vsix
mkdirSync(join(root, 'dist'), { recursive: true });
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  const t0 = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`built ${builds.length} bundle group(s) in ${Date.now() - t0} ms`);
}
