// Benchmark: this project vs NumPy, TensorFlow.js and brain.js, side by side in one run.
// Usage: npm run bench [-- --quick] [-- --skip-accuracy] [-- --rounds N] [-- --only browser|controls|monitor]. Writes bench-results.md. Each measurement runs in its own
// child process (peak RSS per system). Node children get --experimental-wasm-relaxed-simd when the runtime has it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { browserSection } from './bench/browser-table.mjs';
import { controlsSection, monitorSection, renderReport } from './bench/report.mjs';

const root = new URL('..', import.meta.url).pathname;
const quick = process.argv.includes('--quick');
const skipAccuracy = process.argv.includes('--skip-accuracy');
const roundsArg = process.argv.indexOf('--rounds');
const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : quick ? 1 : 2;
const FASHION = process.env.FASHION_MNIST_DIR ?? '/usr/share/datasets/fashion-mnist';
const FILES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];

/** Installs Debian's dataset-fashion-mnist when missing and we are root; otherwise says how. */
function ensureFashion() {
  if (FILES.every((f) => existsSync(join(FASHION, f)))) return true;
  if (process.getuid?.() === 0 && !process.env.FASHION_MNIST_DIR) {
    console.log('Fashion-MNIST missing: apt-get install -y dataset-fashion-mnist');
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', 'dataset-fashion-mnist'], { stdio: 'inherit' });
    if (FILES.every((f) => existsSync(join(FASHION, f)))) return true;
  }
  console.log(`Fashion-MNIST not found in ${FASHION}: install it with "sudo apt-get install dataset-fashion-mnist" ` +
    'or set FASHION_MNIST_DIR to a folder holding the four *-ubyte.gz files. Skipping the Fashion-MNIST parts.');
  return false;
}

const relaxed = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '-e', '0']).status === 0;
const nodeFlags = relaxed ? ['--experimental-wasm-relaxed-simd'] : [];
// runners run as TypeScript through tsx (a dev dependency): tfjs' ESM-only gradient registry resists bundling
const runners = join(root, 'scripts/bench/runners.ts');

// As root, children run at nice -10 (all systems alike): on a shared machine that approximates a quiet one.
const boost = process.getuid?.() === 0 && spawnSync('nice', ['-n', '-10', 'true']).status === 0 && !process.argv.includes('--no-nice');

/** Runs one child and returns its JSON lines merged (or an error record). */
function run(label, command, args, env = {}, timeout = 600_000) {
  process.stdout.write(`  ${label} … `);
  const started = Date.now();
  const child = spawnSync(boost ? 'nice' : command, boost ? ['-n', '-10', command, ...args] : args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 26, timeout });
  const objects = (child.stdout ?? '').trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (child.status !== 0 || !objects.length) {
    const why = (child.stderr || child.error?.message || 'no output').split('\n').find((l) => /Error/.test(l))?.trim() ?? 'no output';
    console.log(`failed (${seconds} s): ${why}`);
    return { label, system: label, error: why };
  }
  console.log(`done (${seconds} s)`);
  return Object.assign({ label }, ...objects);
}
const node = (label, ...args) => run(label, process.execPath, [...nodeFlags, '--import', 'tsx', runners, ...args]);
const numpy = (precision, epochs) => run(`numpy ${precision}`, 'python3', [join(root, 'scripts/bench/numpy_mlp.py'), FASHION, precision, String(epochs)], { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' });


/** `backprop-lens train` (dist/cli.js) on the benchmark spec in float32, one epoch; its own timing includes evaluation. */
function cliEpoch() {
  const spec = join(tmpdir(), 'backprop-lens-bench-fashion-float32.nn.json');
  spawnSync(process.execPath, ['--import', 'tsx', runners, 'write-spec', spec, 'float32'], { cwd: root });
  const hook = join(root, 'scripts/bench/rss-on-exit.mjs');
  return run('backprop-lens train (CLI), float32 spec, default threads (the machine\'s cores)', process.execPath, [...nodeFlags, '--import', hook, join(root, 'dist/cli.js'), 'train', spec, '--epochs', '1', '--json'], {}, 180_000);
}

/** Section (g): per example, the Node and the browser column's children alternating, `rounds` rounds. */
function browserRows(examples) {
  const rows = [];
  for (let round = 0; round < rounds; round++) {
    for (const example of examples) {
      for (const column of ['node', 'browser']) {
        const row = { ...node(`${example}, ${column}, 1 thread`, `web-${column}`, example, quick ? 'quick' : 'full'), example, column };
        if (row.skipped) console.log(`    browser column skipped: ${row.skipped}`);
        rows.push(row);
      }
    }
  }
  return rows;
}

// `--only browser`: section (g) alone (Node vs headless Chromium, single thread), written in place of its old (g).
if (process.argv.includes('--only') && process.argv[process.argv.indexOf('--only') + 1] === 'browser') {
  const examples = ensureFashion() ? ['spiral', 'fashion-mnist'] : ['spiral'];
  const loadBefore = loadavg()[0];
  const section = browserSection(examples, browserRows(examples), { loadBefore, loadAfter: loadavg()[0] });
  const file = join(root, 'bench-results.md');
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const at = old.indexOf('## (g) In the browser');
  writeFileSync(file, `${(at >= 0 ? old.slice(0, at) : `${old.trimEnd()}\n\n`)}${section}`);
  console.log(`\n${section}\nwritten to bench-results.md`);
  process.exit(0);
}

// `--only controls`: section (f) alone, written into the existing bench-results.md in place of its old (f).
if (process.argv.includes('--only') && process.argv[process.argv.indexOf('--only') + 1] === 'controls') {
  if (!ensureFashion()) process.exit(1);
  const loadBefore = loadavg()[0];
  const rows = [node('controls float32', 'controls', 'float32', quick ? '1' : '2', quick ? '20' : '40')];
  const section = controlsSection(rows, { loadBefore, loadAfter: loadavg()[0] });
  const file = join(root, 'bench-results.md');
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const at = old.indexOf('## (f) Controls');
  writeFileSync(file, `${(at >= 0 ? old.slice(0, at) : `${old.trimEnd()}\n\n`)}${section}`);
  console.log(`\n${section}\nwritten to bench-results.md`);
  process.exit(0);
}

// `--only monitor`: section (c) alone (δ record, snapshots, gradient check overhead), written in place of its old (c).
if (process.argv.includes('--only') && process.argv[process.argv.indexOf('--only') + 1] === 'monitor') {
  if (!ensureFashion()) process.exit(1);
  const loadBefore = loadavg()[0];
  const rows = [node('monitor float32, 1 thread', 'monitor', 'float32', '1', quick ? '1' : '2')];
  const section = monitorSection(rows, { loadBefore, loadAfter: loadavg()[0] });
  const file = join(root, 'bench-results.md');
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const at = old.indexOf('## (c) Monitoring overhead'), end = old.indexOf('## (d)');
  writeFileSync(file, at >= 0 && end > at ? `${old.slice(0, at)}${section}\n${old.slice(end)}` : `${old.trimEnd()}\n\n${section}`);
  console.log(`\n${section}\nwritten to bench-results.md`);
  process.exit(0);
}

const hasNumpy = spawnSync('python3', ['-c', 'import numpy']).status === 0;
const results = { fashion: [], cli: [], small: [], monitor: [], accuracy: [], gemm: [], controls: [], browser: [] };
const loadBefore = loadavg()[0];
const epochs = quick ? 2 : 3;
if (ensureFashion()) {
  console.log('(a) Fashion-MNIST 784-256-128-10, SGD lr 0.1, batch 64');
  for (let round = 0; round < rounds; round++) {
    if (hasNumpy) results.fashion.push(numpy('float64', epochs), numpy('float32', epochs));
    results.fashion.push(node('ours float32, 1 thread', 'fast', 'float32', '1', String(epochs)));
    results.fashion.push(node('ours float32, 2 threads', 'fast', 'float32', '2', String(epochs)));
    results.fashion.push(node('ours float64, 1 thread', 'fast', 'float64', '1', String(epochs - 1)));
    results.fashion.push(node('ours float64, 2 threads', 'fast', 'float64', '2', String(epochs - 1)));
  }
  results.cli.push(cliEpoch());
  results.fashion.push(node('reference float64 (subset)', 'reference', quick ? '10' : '30'));
  results.fashion.push(node('tfjs wasm (subset)', 'tfjs', 'wasm', quick ? '40' : '150'));
  results.fashion.push(node('tfjs cpu (subset)', 'tfjs', 'cpu', quick ? '10' : '25'));
  console.log('(f) controls: evaluation cost and pause latency');
  results.controls.push(node('controls float32', 'controls', 'float32', quick ? '1' : '2', quick ? '20' : '40'));
  console.log('(c) monitoring overhead');
  results.monitor.push(node('monitor float32, 1 thread', 'monitor', 'float32', '1', quick ? '1' : '2'));
  if (!skipAccuracy) {
    console.log('(d) accuracy example');
    results.accuracy.push(node('examples/fashion-mnist-fast.nn.json', 'accuracy', join(root, 'examples/fashion-mnist-fast.nn.json'), '0.885'));
  }
}
console.log('(b) spiral 2-8-8-1 tanh, batch 10');
const seconds = quick ? '1' : '2';
results.small.push(node('ours fast float64', 'small', 'fast', 'float64', seconds), node('ours fast float32', 'small', 'fast', 'float32', seconds));
results.small.push(node('ours reference float64', 'small', 'reference', 'float64', seconds), node('brain.js', 'small-brain', seconds));
results.small.push(node('tfjs wasm', 'small-tfjs', 'wasm', seconds), node('tfjs cpu', 'small-tfjs', 'cpu', seconds));

console.log('(e) GEMM kernels');
results.gemm.push(node('ours', 'gemm'), node('tfjs wasm', 'gemm-tfjs'));

const browserExamples = results.fashion.length ? ['spiral', 'fashion-mnist'] : ['spiral'];
console.log('(g) in the browser: Node vs headless Chromium, 1 thread');
results.browser.push(...browserRows(browserExamples));

const numpyVersion = hasNumpy ? spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' }).stdout.trim() : 'absent';
const machine = { boost, cpu: cpus()[0]?.model ?? '?', cores: cpus().length, node: process.version, relaxed, numpy: numpyVersion, loadBefore, loadAfter: loadavg()[0], date: new Date().toISOString() };
const markdown = renderReport(results, machine) + browserSection(browserExamples, results.browser, machine);
console.log('\n' + markdown);
writeFileSync(join(root, 'bench-results.md'), markdown);
console.log('written to bench-results.md');
