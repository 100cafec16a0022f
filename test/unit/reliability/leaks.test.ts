// 100 start/stop cycles of a real training run (RunSession + worker_threads worker, no VS Code) in a child process
// with --expose-gc: no worker, timer, port or session left behind, and heap growth under a stated bound.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

/** 100 with `npm run test:leaks` (RELIABILITY_CYCLES=100); fewer in the everyday unit run, which many share. */
const CYCLES = Number(process.env.RELIABILITY_CYCLES ?? 20);
/** Heap growth allowed over the cycles after a 10-cycle warm-up, measured after GC. */
const HEAP_BOUND_BYTES = 2 * 2 ** 20;
/** Resident set growth allowed (allocator pages are returned lazily, so this bound is looser). */
const RSS_BOUND_BYTES = 48 * 2 ** 20;

interface CycleReport {
  cycles: number; seconds: number; stopped: number; saved: number; workerExits: number;
  resourcesBefore: Record<string, number>; resourcesAfter: Record<string, number>;
  sessionsReachable: number; workersReachable: number; heapGrowthBytes: number; rssGrowthBytes: number; arrayBufferGrowthBytes: number;
}

describe('reliability: start/stop cycles leave nothing behind', function () {
  this.timeout(CYCLES * 3000 + 30_000);
  let report: CycleReport;

  before(async () => {
    const script = resolve(__dirname, 'fixtures/cycles.ts');
    const out = await new Promise<string>((done, fail) => {
      execFile(process.execPath, ['--expose-gc', '--import', 'tsx', script, String(CYCLES)], { encoding: 'utf8', cwd: resolve(__dirname, '../../..'), timeout: CYCLES * 3000 + 20_000, killSignal: 'SIGKILL' },
        (error, stdout) => (error ? fail(error) : done(stdout)));
    });
    report = JSON.parse(out.trim().split('\n').pop()!);
    console.log(`      ${CYCLES} cycles in ${report.seconds.toFixed(1)} s: heap ${(report.heapGrowthBytes / 1024).toFixed(0)} KiB, rss ${(report.rssGrowthBytes / 2 ** 20).toFixed(1)} MiB, array buffers ${(report.arrayBufferGrowthBytes / 1024).toFixed(0)} KiB`);
  });

  it('every run stopped and was saved, and every worker thread exited', () => {
    assert.equal(report.stopped, CYCLES);
    assert.equal(report.saved, CYCLES);
    assert.equal(report.workerExits, CYCLES);
  });

  it('no worker, message port, timer or immediate is still active', () => {
    const leftover = Object.keys(report.resourcesAfter).filter((type) => !['FSReqPromise', 'FSReqCallback', 'TTYWrap', 'PipeWrap'].includes(type));
    assert.deepEqual(leftover, [], JSON.stringify(report.resourcesAfter));
  });

  it('no session or worker object is still reachable after GC (listeners and emitters released)', () => {
    assert.equal(report.sessionsReachable, 0);
    assert.equal(report.workersReachable, 0);
  });

  it(`heap growth after GC stays under ${HEAP_BOUND_BYTES / 2 ** 20} MiB and rss under ${RSS_BOUND_BYTES / 2 ** 20} MiB`, () => {
    assert.ok(report.heapGrowthBytes < HEAP_BOUND_BYTES, `heap grew ${report.heapGrowthBytes} bytes`);
    assert.ok(report.rssGrowthBytes < RSS_BOUND_BYTES, `rss grew ${report.rssGrowthBytes} bytes`);
  });
});
