// Markdown tables for the benchmark results (see scripts/bench.mjs).

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const fmt = (x, digits = 2) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits));
const thousands = (x) => Math.round(x).toLocaleString('en-US');

/** Rows of the same label (several rounds) merged: all epoch times, worst RSS, first accuracy. */
function merge(rows) {
  const byLabel = new Map();
  for (const r of rows) {
    const m = byLabel.get(r.label ?? r.system) ?? { ...r, epochSeconds: [], peakRssMB: 0, errors: [] };
    if (r.error) m.errors.push(r.error);
    else {
      m.epochSeconds.push(...(r.epochSeconds ?? []));
      m.peakRssMB = Math.max(m.peakRssMB, r.peakRssMB ?? 0);
      if (m.testAccuracy === undefined || m.testAccuracy === null) m.testAccuracy = r.testAccuracy;
    }
    byLabel.set(r.label ?? r.system, m);
  }
  return [...byLabel.values()];
}

function fashionTable(rows) {
  const merged = merge(rows);
  const numpy64 = merged.find((r) => r.label === 'numpy float64' && r.epochSeconds.length);
  const base = numpy64 ? median(numpy64.epochSeconds) : null;
  const tfjsWasm = merged.find((r) => r.label === 'tfjs wasm (subset)' && r.epochSeconds.length);
  const out = ['| system | s / epoch (median) | min–max | ratio to NumPy f64 | × faster than tfjs-wasm | test acc. after 1 epoch | peak RSS MB |', '|---|---|---|---|---|---|---|'];
  for (const r of merged) {
    if (!r.epochSeconds.length) { out.push(`| ${r.label} | failed: ${r.errors[0] ?? '?'} | | | | | |`); continue; }
    const s = median(r.epochSeconds);
    const acc = r.subsetSamples ? `${fmt(r.testAccuracy, 4)} (after ${thousands(r.subsetSamples)} samples)` : fmt(r.testAccuracy, 4);
    const range = r.subsetSamples ? `extrapolated from ${thousands(r.subsetSamples)} samples` : `${fmt(Math.min(...r.epochSeconds))}–${fmt(Math.max(...r.epochSeconds))} (${r.epochSeconds.length} epochs)`;
    const vsTf = tfjsWasm ? fmt(median(tfjsWasm.epochSeconds) / s, 1) : '—';
    out.push(`| ${r.label} | **${fmt(s)}** | ${range} | ${base ? fmt(s / base) : '—'} | ${vsTf} | ${acc} | ${fmt(r.peakRssMB, 0)} |`);
  }
  return out.join('\n');
}

/** The CLI's own clock covers the epoch plus its end-of-epoch evaluation of both splits. */
function cliLines(rows, fashionRows) {
  const numpy64 = merge(fashionRows).find((r) => r.label === 'numpy float64' && r.epochSeconds.length);
  return rows.map((r) => (r.error ? `- ${r.label}: failed: ${r.error}` :
    `- ${r.label}: **${fmt(r.trainSeconds)} s** of training for one epoch` +
    (numpy64 ? ` (ratio to NumPy f64: **${fmt(r.trainSeconds / median(numpy64.epochSeconds))}**)` : '') +
    `; ${fmt(r.seconds)} s including the evaluation of both splits (70,000 images)` +
    (numpy64 ? ` (ratio ${fmt(r.seconds / median(numpy64.epochSeconds))})` : '') +
    `, test accuracy ${fmt(r.testAccuracy, 4)}, peak RSS ${fmt(r.peakRssMB, 0)} MB.`)).join('\n');
}

function smallTable(rows) {
  const brain = rows.find((r) => r.system === 'brain.js' && r.stepsPerSecond);
  const out = ['| system | steps / s | vs brain.js | peak RSS MB |', '|---|---|---|---|'];
  for (const r of rows) {
    if (r.error) { out.push(`| ${r.system} | failed: ${r.error} | | |`); continue; }
    out.push(`| ${r.label} | **${thousands(r.stepsPerSecond)}** | ${brain ? fmt(r.stepsPerSecond / brain.stepsPerSecond, 2) + '×' : '—'} | ${fmt(r.peakRssMB, 0)} |`);
  }
  return out.join('\n');
}

function monitorTable(rows) {
  const out = ['| run | unmonitored s/epoch | + δ record and frames | overhead | + snapshot every 10 steps | overhead | gradient check (once an epoch), s | its cost per epoch |', '|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    if (r.error) { out.push(`| ${r.system} | failed: ${r.error} | | | | | | |`); continue; }
    out.push(`| ${r.label} | ${fmt(median(r.plainSeconds))} | ${fmt(r.recordSeconds)} (vs ${fmt(r.recordPlainSeconds)} unmonitored, interleaved) | ${fmt(100 * r.recordOverhead, 1)} % | ${fmt(median(r.snapshotSeconds))} | ${fmt(100 * r.snapshotOverhead, 1)} % | ${fmt(median(r.gradCheckSeconds))} | ${fmt(100 * r.gradCheckOverhead, 1)} % |`);
  }
  return out.join('\n');
}

/** Section (c), also written alone by `npm run bench -- --only monitor`. */
export function monitorSection(rows, { loadBefore, loadAfter }) {
  const recorded = rows.find((r) => !r.error && r.recordSeconds);
  return [
    `## (c) Monitoring overhead (fast trainer, float32, Fashion-MNIST; load average ${fmt(loadBefore)} before, ${fmt(loadAfter)} after)`,
    '',
    rows.length ? monitorTable(rows) : '_skipped_',
    '',
    'δ record = the worker\'s `RunRecording` (every step\'s loss; per-layer ‖δ‖, δ means, dead/saturated shares, ‖∂E/∂W‖, ‖W‖ and update ratio, and a δ frame, at its cadence fixed before the run from a cost model of the network\'s shapes, no clock) over a run planned like the bundled 20-epoch example' +
      (recorded ? `: here every ${recorded.recordStride} steps (≈ ${thousands(Math.round(recorded.plannedSteps / recorded.recordStride))} captures over the ${thousands(recorded.plannedSteps)} planned steps), ${recorded.recordFrames} frames kept; memory bound: ${fmt(recorded.recordBytes / 2 ** 20, 1)} MiB of bucket series, δ maps and the held copy of W, plus frames ≤ ${fmt(recorded.frameBytesMax / 2 ** 20, 0)} MiB.` : '.') +
      ' Its column is measured in interleaved half-epoch segments (plain and recorded alternately, ABBA order, after a warm-up epoch; overhead = Σ recorded / Σ plain − 1; both sums shown as s/epoch).' +
      ' Snapshot = `trainer.snapshot()` checked for NaN/Inf and turned into the worker\'s message (per-layer summaries, Float32 copies, no ∂E/∂W) every 10 steps. The gradient check is the engine\'s float64 central-difference check (`checkGradients`, 3 samples) once per epoch. Repeat: `npm run bench -- --only monitor`.',
    '',
  ].join('\n');
}

function accuracyLines(rows) {
  return rows.map((r) => (r.error ? `- ${r.label}: failed: ${r.error}` :
    `- \`${r.label}\` (${r.threads} thread${r.threads > 1 ? 's' : ''}): test accuracy ≥ ${r.target} after **${fmt(r.reachedAt, 1)} s** of training; ` +
    `${r.curve.length} epochs in ${fmt(r.trainSeconds, 1)} s, final **${fmt(r.finalAccuracy, 4)}**; peak RSS ${fmt(r.peakRssMB, 0)} MB. ` +
    `Curve (s, acc): ${r.curve.map(([s, a]) => `${fmt(s, 1)}/${fmt(a, 3)}`).join(' ')}`)).join('\n');
}

function gemmTable(rows) {
  const ours = rows.find((r) => r.system === 'gemm-ours' && r.rows);
  const tf = rows.find((r) => r.system === 'gemm-tfjs-wasm' && r.rows);
  if (!ours) return `_failed: ${rows.map((r) => r.error).filter(Boolean).join('; ')}_`;
  const out = ['| product | ours f32 GFLOP/s | ours f64 GFLOP/s | tfjs-wasm f32 GFLOP/s |', '|---|---|---|---|'];
  ours.rows.forEach((r, i) => out.push(`| ${r.name} | **${fmt(r.f32, 1)}** | ${fmt(r.f64, 1)} | ${tf ? fmt(tf.rows[i]?.f32, 1) : '—'} |`));
  return out.join('\n');
}

/** Section (f): evaluation against training time, and pause-to-paused latency in a real training worker. */
export function controlsSection(rows, machine) {
  const head = `## (f) Controls: end-of-epoch evaluation and pause latency (Fashion-MNIST, float32; load average ${fmt(machine.loadBefore)} before, ${fmt(machine.loadAfter)} after)`;
  const lines = rows.map((r) => {
    if (r.error) return `- ${r.label}: failed: ${r.error}`;
    const pause = (p) => `p50 **${fmt(p.pauseMs.p50, 0)} ms**, p95 **${fmt(p.pauseMs.p95, 0)} ms**, max ${fmt(p.pauseMs.max, 0)} ms over ${p.pauses} pauses`;
    return [
      `- One epoch of training ${fmt(median(r.trainSeconds))} s (1 thread); the end-of-epoch evaluation (${thousands(r.trainSamples)} training samples + the 10,000 test images) ${fmt(median(r.evaluationSeconds))} s = **${fmt(100 * r.evaluationShare, 1)} %** of the epoch (target ≤ 15 %); evaluating both splits in full (70,000 images, as before) ${fmt(median(r.fullEvaluationSeconds))} s.`,
      `- Pause → paused in a real training worker (dist/worker.js, the machine's cores) while it trains: at random moments ${pause(r.anyMoment)}; posted as an epoch's evaluation starts ${pause(r.epochEnd)} (${r.epochEnd.pausesDuringEvaluation} posted during an evaluation).`,
    ].join('\n');
  });
  return [head, '', ...lines, '', 'The evaluation runs in chunks of one batch between which the worker handles messages; unit tests check the order (a pause posted during the evaluation lands before it completes), this section the milliseconds. Repeat: `npm run bench -- --only controls`.', ''].join('\n');
}

export function renderReport(results, machine) {
  return [
    '# Benchmark results',
    '',
    `${machine.date} · ${machine.cpu}, ${machine.cores} cores · Node ${machine.node}${machine.relaxed ? ' with --experimental-wasm-relaxed-simd' : ' (no relaxed SIMD)'} · NumPy ${machine.numpy} (OPENBLAS_NUM_THREADS=1) · load average ${fmt(machine.loadBefore)} before, ${fmt(machine.loadAfter)} after${machine.boost ? '; every measured process ran at nice −10' : ''}.`,
    'Produced by `npm run bench` (scripts/bench.mjs); every system ran in its own process, in one run. The machine is shared and noisy: compare ratios, not absolute values.',
    '',
    '## (a) Fashion-MNIST, 784-256-128-10 relu/softmax, cross-entropy, SGD lr 0.1, batch 64, one epoch = 60,000 images',
    '',
    results.fashion.length ? fashionTable(results.fashion) : '_skipped: Fashion-MNIST not installed_',
    '',
    results.cli.length ? cliLines(results.cli, results.fashion) + '\n' : '',
    'Subset rows are timed on the first batches after a warm-up and extrapolated to 938 batches; their accuracy is after the subset only. TensorFlow.js runs single-threaded in Node (its wasm threads need a browser). Ours: every buffer in one WebAssembly memory, generated SIMD kernels; "2 threads": two workers on one shared memory, the forward pass and BP2 split by samples, BP4 and the updates by fan-in (bit-identical to 1 thread).',
    '',
    '## (b) Small network: spiral, 2-8-8-1 tanh, MSE, SGD lr 0.03, batch 10',
    '',
    smallTable(results.small),
    '',
    'brain.js cannot train mini-batches: one step is one `train()` call on a 10-sample slice with `iterations: 1` (it updates after every sample, momentum 0.1). TensorFlow.js: variables + `optimizer.minimize` inside `tidy`.',
    '',
    monitorSection(results.monitor, { loadBefore: machine.loadBefore, loadAfter: machine.loadAfter }),
    '## (d) Accuracy example',
    '',
    results.accuracy.length ? accuracyLines(results.accuracy) : '_skipped_',
    '',
    '## (e) Matrix products of one training step (single thread, GFLOP/s = 2MNK/t, median of 7)',
    '',
    gemmTable(results.gemm),
    '',
    'Ours: generated WebAssembly SIMD, 4×8 (f32) / 4×4 (f64) register tiles, the transposed operand packed first (packing included in the time); operands in the layouts the trainer keeps. tfjs-wasm: `tf.matMul(a, b, transposeA, transposeB)` on the same stored layouts.',
    '',
    results.controls?.length ? controlsSection(results.controls, machine) : '',
  ].join('\n');
}
