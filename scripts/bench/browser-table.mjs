// Section (g): the single-thread fast trainer's epoch time in Node and in headless Chromium's Web Worker, per example.

const TARGET_RATIO = 1.3;

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** Milliseconds with 3 significant digits or more (spiral epochs last a fraction of a millisecond). */
export function formatMs(ms) {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);
}

/** One column of one example over all rounds: every epoch time, the worst peak memory, the first error or skip. */
function mergeColumn(rows) {
  const ok = rows.filter((r) => !r.error && !r.skipped && r.epochMs?.length);
  const epochMs = ok.flatMap((r) => r.epochMs);
  return {
    epochMs, best: epochMs.length ? Math.min(...epochMs) : null, median: epochMs.length ? median(epochMs) : null,
    memoryMB: ok.length ? Math.max(...ok.map((r) => r.rendererPeakMB ?? r.peakRssMB ?? 0)) : null,
    firstEpochLoss: ok[0]?.firstEpochLoss, chromium: ok[0]?.chromium,
    cpuMs: ok.some((r) => r.cpuMsPerEpoch > 0) ? median(ok.filter((r) => r.cpuMsPerEpoch > 0).map((r) => r.cpuMsPerEpoch)) : null,
    problem: rows.find((r) => r.skipped)?.skipped ? `skipped: ${rows.find((r) => r.skipped).skipped}` : rows.find((r) => r.error) ? `failed: ${rows.find((r) => r.error).error}` : null,
  };
}

const cell = (c) => (c.best === null ? c.problem ?? 'no result' : `**${formatMs(c.best)}** · ${formatMs(c.median)} (${c.epochMs.length} slices)`);

/** One example's comparison: ratio browser / Node on the best epochs (contention only slows) and on the medians. */
export function compareExample(example, rows) {
  const node = mergeColumn(rows.filter((r) => r.example === example && r.column === 'node'));
  const browser = mergeColumn(rows.filter((r) => r.example === example && r.column === 'browser'));
  const both = node.best !== null && browser.best !== null;
  const ratio = both ? browser.best / node.best : null;
  return {
    example, node, browser, ratio, medianRatio: both ? browser.median / node.median : null,
    cpuRatio: node.cpuMs && browser.cpuMs ? browser.cpuMs / node.cpuMs : null,
    met: ratio === null ? null : ratio <= TARGET_RATIO,
    // 1e-12: the float64 output stage calls Math.exp/log, which may differ by an ulp between V8 versions; FMA or not in the float32 kernels moves the loss by ~1e-9
    sameKernels: both ? Math.abs(node.firstEpochLoss - browser.firstEpochLoss) <= 1e-12 * Math.abs(node.firstEpochLoss) : null,
  };
}

function tableRow(c) {
  const ratio = c.ratio === null ? '—' : `**${c.ratio.toFixed(2)}×** · ${c.medianRatio.toFixed(2)}×`;
  const target = c.met === null ? '—' : c.met ? `≤ ${TARGET_RATIO}×: met` : `≤ ${TARGET_RATIO}×: **missed**`;
  const cpu = c.cpuRatio === null ? '—' : `${formatMs(c.node.cpuMs)} / ${formatMs(c.browser.cpuMs)} (${c.cpuRatio.toFixed(2)}×)`;
  const mem = `${c.node.memoryMB === null ? '—' : c.node.memoryMB.toFixed(0)} / ${c.browser.memoryMB === null ? '—' : c.browser.memoryMB.toFixed(0)}`;
  return `| ${c.example} | ${cell(c.node)} | ${cell(c.browser)} | ${ratio} | ${cpu} | ${target} | ${mem} |`;
}

/** Section (g) as markdown, from the rows of `npm run bench -- --only browser` (or the full run). */
export function browserSection(examples, rows, { loadBefore, loadAfter }) {
  const compared = examples.map((e) => compareExample(e, rows));
  const chromium = compared.map((c) => c.browser.chromium).find(Boolean);
  const differing = compared.filter((c) => c.sameKernels === false).map((c) => c.example);
  const agreement = differing.length ? `**The first epoch's loss differs between the columns for ${differing.join(', ')}: not the same kernels.** `
    : compared.some((c) => c.sameKernels) ? 'Each example\'s first-epoch loss agrees within 1e-12 in both columns (same kernels, FMA alike). ' : '';
  return [
    `## (g) In the browser: single-thread float32 epoch, Node vs headless Chromium${chromium ? ` ${chromium}` : ''} (load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after)`,
    '',
    '| example | Node, 1 thread: ms / epoch, best · median | browser (Web Worker), 1 thread: ms / epoch, best · median | ratio browser / Node, best · median | training thread CPU ms / epoch, Node / browser (ratio) | target | peak MB, Node RSS / browser renderer |',
    '|---|---|---|---|---|---|---|',
    ...compared.map(tableRow),
    '',
    'Both columns run the same code (scripts/bench/web-epochs.ts: the fast trainer, float32, 1 thread, relaxed-SIMD FMA where the runtime has it) on `examples/spiral.nn.json` and `examples/fashion-mnist.nn.json`; the browser column bundles it with esbuild (platform browser) into a dedicated Web Worker started from a blob URL, the data files passed in as bytes and un-gzipped with DecompressionStream. Node and browser runs alternate; the ratio is taken on the best epochs (load only slows a run down). ' +
      'A slice is one epoch (Fashion-MNIST) or as many epochs as fill 400 ms (spiral, after a 300 ms warm-up). ' + agreement +
      'CPU time: the training thread\'s user + system time over the epochs (Linux /proc; for the browser the worker\'s thread), less sensitive than wall time to other processes on a shared machine. ' +
      'Repeat: `npm run bench -- --only browser`.',
    '',
  ].join('\n');
}
