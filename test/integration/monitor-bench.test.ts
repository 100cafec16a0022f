// Benchmark, skipped unless BACKPROP_LENS_BENCH_LOG is set: a Fashion-MNIST 784-256-128-10 run in the real extension
// host, measuring the host's event-loop delay with the monitor closed and open, the posts it receives, and the
// webview's frame rate (requestAnimationFrame, reported by the panel in bench mode) while training and idle.
// Run: BACKPROP_LENS_BENCH_LOG=/tmp/monitor-bench.jsonl BACKPROP_LENS_TEST_GREP="monitor benchmark" npm run test:integration
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SessionManager } from '../../src/extension/session';
import type { MonitorStatsReport } from '../../src/extension/monitor';
import { extensionApi, waitFor, workspaceDir } from '../fixtures/integration-support';

const BENCH_LOG = process.env.BACKPROP_LENS_BENCH_LOG;
const SPEC = process.env.BACKPROP_LENS_BENCH_SPEC ?? 'fashion-mnist-fast.nn.json';
const PHASE_MS = Number(process.env.BACKPROP_LENS_BENCH_PHASE_MS ?? 15_000);
/** δ snapshot every N steps (the setting backpropLens.snapshotEvery; 10 by default). */
const SNAPSHOT_EVERY = Number(process.env.BACKPROP_LENS_BENCH_SNAPSHOT_EVERY ?? 10);
/** How long the volume phase trains the long spiral run with the monitor open (3 minutes by default). */
const VOLUME_MS = Number(process.env.BACKPROP_LENS_BENCH_VOLUME_MS ?? 180_000);
/** The e2e suite's long run (test/e2e/support/specs.ts): a 2-16-8-2 spiral net, batches of 16, a million epochs. */
const LONG_RUN_SPEC = {
  name: 'bench long run', seed: 7, data: { builtin: 'spiral', samples: 300, noise: 0.3 },
  layers: [{ units: 2 }, { units: 16, activation: 'tanh' }, { units: 8, activation: 'relu' }, { units: 2, activation: 'softmax' }],
  loss: 'cross_entropy', optimizer: { type: 'adam', learningRate: 0.01 }, training: { epochs: 1000000, batchSize: 16 },
};

const stats = async (resetEventLoop = false): Promise<MonitorStatsReport> =>
  (await vscode.commands.executeCommand<MonitorStatsReport>('backpropLens.monitorStats', { resetEventLoop }))!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Event-loop delay and posts over `ms`, plus the frame reports that arrived meanwhile. */
async function phase(name: string, ms: number): Promise<Record<string, unknown>> {
  await stats(true);
  const since = Date.now();
  await sleep(ms);
  const s = await stats(true);
  const frames = s.totals.frames.filter((f) => f.at >= since);
  const fps = frames.map((f) => f.fps).sort((a, b) => a - b);
  return {
    phase: name, seconds: s.intervalMs / 1000, postsPerSecond: s.postsPerSecond, typedArrayMBPerSecond: +(s.typedArrayBytes / s.intervalMs / 1000).toFixed(2),
    wireKBPerSecond: +(s.wireBytes / s.intervalMs).toFixed(1), wireKBPerSecondByType: Object.fromEntries(Object.entries(s.wireBytesByType ?? {}).map(([type, bytes]) => [type, +(bytes / s.intervalMs).toFixed(2)])), postMessageMs: s.postMs, eventLoopDelayMs: s.eventLoopDelayMs, fpsMedian: fps.length ? fps[Math.floor(fps.length / 2)] : null, fpsMin: fps[0] ?? null,
    longFrames: frames.reduce((sum, f) => sum + f.longFrames, 0), frameReports: frames.length,
  };
}

describe('monitor benchmark (Fashion-MNIST)', function () {
  this.timeout(600_000);
  let sessions: SessionManager;
  before(async function () {
    // A benchmark, not a test: it runs only under `npm run bench:monitor`, which sets BACKPROP_LENS_BENCH_LOG.
    if (!BENCH_LOG) this.skip();
    ({ sessions } = await extensionApi());
    const settings = vscode.workspace.getConfiguration('backpropLens');
    await settings.update('allowDataOutsideWorkspace', true, vscode.ConfigurationTarget.Workspace);
    await settings.update('snapshotEvery', SNAPSHOT_EVERY, vscode.ConfigurationTarget.Workspace);
  });
  after(async () => {
    await sessions?.stopActive();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('records event-loop delay (monitor closed / open) and webview FPS (training / idle)', async () => {
    const specPath = join(workspaceDir(), SPEC);
    if (!existsSync(specPath)) throw new Error(`${specPath} missing`);
    const results: Record<string, unknown>[] = [];
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    results.push(await phase('idle, monitor closed', 5000));
    const runId = await vscode.commands.executeCommand<string | undefined>('backpropLens.train', vscode.Uri.file(specPath));
    if (!runId) throw new Error(`${SPEC} did not start`);
    const session = sessions.current!;
    await waitFor(() => session.state === 'running' && (session.getMonitorState().losses.at(-1)?.step ?? 0) > 50, 120_000, 'training');
    results.push(await phase('training, monitor closed', PHASE_MS));
    await vscode.commands.executeCommand('backpropLens.openMonitor');
    await sleep(3000); // the panel loads, says ready and draws the fullState
    results.push(await phase('training, monitor open', PHASE_MS));
    const info = session.getMonitorState().info;
    const steps = session.getMonitorState().losses.at(-1)?.step ?? 0;
    await sessions.stopActive();
    await sleep(1000);
    results.push(await phase('idle, monitor open', 6000));
    const summary = { bench: 'monitor', spec: SPEC, snapshotEvery: SNAPSHOT_EVERY, layers: info ? [info.inputSize, ...info.layers.map((l) => l.units)] : null, batchSize: info?.batchSize, stepsTrained: steps, results };
    for (const r of results) console.log(`      ${JSON.stringify(r)}`);
    appendFileSync(BENCH_LOG!, `${JSON.stringify(summary)}\n`);
  });

  it('measures the bytes the monitor panel receives over a 3-minute run with it open (the e2e long spiral run)', async () => {
    const specPath = join(workspaceDir(), 'bench-long-run.nn.json');
    writeFileSync(specPath, JSON.stringify(LONG_RUN_SPEC));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const runId = await vscode.commands.executeCommand<string | undefined>('backpropLens.train', vscode.Uri.file(specPath));
    if (!runId) throw new Error('the long run did not start');
    await vscode.commands.executeCommand('backpropLens.openMonitor');
    await waitFor(() => sessions.current?.state === 'running', 60_000, 'training');
    await sleep(3000); // the panel loads, says ready and gets its full state: the phase counts what follows
    const result = await phase('long spiral run, monitor open', VOLUME_MS);
    const steps = sessions.current?.getMonitorState().losses.at(-1)?.step ?? 0;
    await sessions.stopActive();
    const summary = { bench: 'monitor volume', spec: 'e2e long run (spiral 2-16-8-2, batch 16)', stepsTrained: steps, ...result };
    console.log(`      ${JSON.stringify(summary)}`);
    appendFileSync(BENCH_LOG!, `${JSON.stringify(summary)}\n`);
  });
});
