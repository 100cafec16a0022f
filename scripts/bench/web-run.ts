/**
 * The two columns of the browser benchmark, each a child process of scripts/bench.mjs: the example's epochs timed in
 * Node, and the same code bundled for the browser and timed in a dedicated Web Worker of Debian's headless Chromium.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_PATH } from '../vscode-host/paths.mjs';
import { report } from './common';
import { benchTrainer, timeEpochs, type EpochTimes } from './web-epochs';
import { benchExamples, readFiles, readFilesUnzipped, type BenchExample } from './web-examples';
import type { BrowserJob } from './web-worker';

/** Headless flags: no GPU or sandbox (root in a container), no background work competing for the two cores. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const ORIGIN = 'http://bench.backprop-lens.invalid';

/** The page: starts the bundled worker from a blob URL, fetches the data files and transfers their bytes to it. */
const PAGE = `<!doctype html><script>
async function runJob(job, names) {
  const source = await (await fetch('/worker.js')).text();
  const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
  const files = {};
  for (const name of names) files[name] = new Uint8Array(await (await fetch('/data/' + name)).arrayBuffer());
  return new Promise((resolve) => {
    worker.onmessage = async (e) => {
      if (e.data.ready) { await benchReady(); worker.postMessage('go'); return; }
      resolve(e.data); // the worker stays alive: the driver reads its thread's CPU time next
    };
    worker.onerror = (e) => resolve({ error: e.message || 'worker error' });
    worker.postMessage({ ...job, files }, Object.values(files).map((f) => f.buffer));
  });
}
</script>`;

function example(name: string, quick: boolean): BenchExample {
  const found = benchExamples(quick).find((e) => e.name === name);
  if (!found) throw new Error(`no example "${name}" (Fashion-MNIST files missing?)`);
  return found;
}

/** CPU milliseconds (user + system) one thread has run, from /proc (Linux); null elsewhere or once it ended. */
function threadCpuMs(pid: number, tid: number): number | null {
  const path = `/proc/${pid}/task/${tid}/stat`;
  if (!existsSync(path)) return null;
  const fields = readFileSync(path, 'utf8').replace(/^.*\) /s, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100; // sysconf(_SC_CLK_TCK) on Linux

/** CPU ms per epoch of the training thread: its CPU time over the timed epochs and the warm-up, null without /proc. */
function cpuPerEpoch(before: number | null, after: number | null, times: EpochTimes): number | null {
  return before === null || after === null ? null : (after - before) / (times.epochs + times.warmUpEpochs);
}

/** Node column: the example's epochs in this process, single-threaded. */
export function runNodeEpochs(name: string, quick: boolean): void {
  const ex = example(name, quick);
  const trainer = benchTrainer(ex.spec, readFilesUnzipped(ex));
  const before = threadCpuMs(process.pid, process.pid);
  const times = timeEpochs(trainer, ex.plan);
  report({ system: `node ${name}`, ...times, cpuMsPerEpoch: cpuPerEpoch(before, threadCpuMs(process.pid, process.pid), times) });
}

/** The renderer pid and thread id of the page's dedicated worker (the only one), from /proc. */
async function workerThread(browser: Browser): Promise<{ pid: number; tid: number } | null> {
  for (const pid of await rendererPids(browser)) {
    for (const tid of existsSync(`/proc/${pid}/task`) ? readdirSync(`/proc/${pid}/task`) : []) {
      if (readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim() === 'DedicatedWorker') return { pid, tid: Number(tid) };
    }
  }
  return null;
}

/** The worker's source: web-worker.ts and the engine, bundled for the browser. */
async function workerBundle(): Promise<string> {
  const out = await build({ entryPoints: [resolve(__dirname, 'web-worker.ts')], bundle: true, platform: 'browser', format: 'iife', target: 'es2022', write: false, logLevel: 'error' });
  return out.outputFiles[0].text;
}

/** Pids of Chromium's renderer processes (the page and its dedicated worker). */
async function rendererPids(browser: Browser): Promise<number[]> {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo') as { processInfo: { type: string; id: number }[] };
  return processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
}

/**
 * Gives every thread of the renderers this process's priority when it runs raised (the bench runs its children at
 * nice −10 as root): Chromium sets its threads' nice values itself (the worker's to 0), which would favour the Node
 * column on a busy machine. Returns how many threads were changed.
 */
async function matchPriority(browser: Browser): Promise<number> {
  const nice = getPriority();
  if (nice >= 0) return 0;
  let changed = 0;
  for (const pid of await rendererPids(browser)) {
    for (const tid of existsSync(`/proc/${pid}/task`) ? readdirSync(`/proc/${pid}/task`) : []) {
      try { setPriority(Number(tid), nice); changed++; } catch { /* the thread ended */ }
    }
  }
  return changed;
}

/** Peak RSS (VmHWM, MB) of Chromium's renderer processes, read from /proc before the browser closes. */
async function rendererPeakMB(browser: Browser): Promise<number | null> {
  const peaks = (await rendererPids(browser)).map((pid) => {
    const status = existsSync(`/proc/${pid}/status`) ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
    const kb = /VmHWM:\s+(\d+)/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : 0;
  });
  return peaks.length && Math.max(...peaks) > 0 ? Math.max(...peaks) : null;
}

/** Browser column: the same epochs in a dedicated Web Worker of headless Chromium; skipped (with why) without one. */
export async function runBrowserEpochs(name: string, quick: boolean): Promise<void> {
  if (!existsSync(CHROMIUM_PATH)) return report({ system: `browser ${name}`, skipped: `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set BACKPROP_LENS_CHROMIUM)` });
  const ex = example(name, quick);
  const files = readFiles(ex);
  const [source, browser] = await Promise.all([workerBundle(), chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS })]);
  try {
    const page = await browser.newPage();
    // Filled when the worker is ready, before its epochs: threads reniced, the worker's thread and its CPU time.
    const probe: { reniced: number; thread: { pid: number; tid: number } | null; before: number | null } = { reniced: 0, thread: null, before: null };
    await page.exposeFunction('benchReady', async () => {
      probe.reniced = await matchPriority(browser);
      probe.thread = await workerThread(browser);
      probe.before = probe.thread && threadCpuMs(probe.thread.pid, probe.thread.tid);
    });
    await page.route(`${ORIGIN}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') return route.fulfill({ contentType: 'text/html', body: PAGE });
      if (path === '/worker.js') return route.fulfill({ contentType: 'text/javascript', body: source });
      const bytes = files[path.replace(/^\/data\//, '')];
      return bytes ? route.fulfill({ contentType: 'application/octet-stream', body: Buffer.from(bytes) }) : route.fulfill({ status: 404 });
    });
    await page.goto(`${ORIGIN}/`);
    const job: Omit<BrowserJob, 'files'> = { spec: ex.spec, plan: ex.plan };
    const result = await page.evaluate(`runJob(${JSON.stringify(job)}, ${JSON.stringify(Object.keys(files))})`) as EpochTimes & { error?: string };
    if (result.error) throw new Error(`in the browser: ${result.error}`);
    const after = probe.thread && threadCpuMs(probe.thread.pid, probe.thread.tid);
    report({ system: `browser ${name}`, ...result, cpuMsPerEpoch: cpuPerEpoch(probe.before, after, result), chromium: browser.version(), nice: getPriority(), reniced: probe.reniced, rendererPeakMB: await rendererPeakMB(browser) });
  } finally {
    await browser.close();
  }
}
