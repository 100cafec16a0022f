// The training worker yields the CPU to the editor: its thread, and the helper threads it starts, run at a lower
// priority than the extension host's own threads (Linux, where nice values are per thread).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { TRAINING_THREAD_NICE } from '../../../src/node/threadPriority';
import { specText, TestWorker } from './helpers';

/** Nice value of each thread of this process, by thread id (field 19 of /proc/self/task/<tid>/stat). */
function threadNiceValues(): Map<number, number> {
  const values = new Map<number, number>();
  for (const id of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${id}/stat`, 'utf8');
      values.set(Number(id), Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[16]));
    } catch { /* the thread ended while listed */ }
  }
  return values;
}

const lowered = (values: Map<number, number>): number[] => [...values].filter(([, nice]) => nice === TRAINING_THREAD_NICE).map(([id]) => id);

describe('worker: training runs below the editor\'s priority', function () {
  if (process.platform !== 'linux') return;
  this.timeout(60_000);

  it('the training thread and the helper thread of a 2-thread run are at nice 10; the host\'s main thread stays at 0', async () => {
    const before = new Set(lowered(threadNiceValues())); // a worker another test left running
    const w = new TestWorker();
    try {
      w.start(specText({ precision: 'float32', training: { epochs: 100000, batchSize: 8, threads: 2 } }));
      const started = await w.waitFor('started');
      assert.equal(started.message.info.threads, 2, 'the run uses two threads');
      await w.waitFor('progress');
      const values = threadNiceValues();
      assert.equal(values.get(process.pid), 0, 'the main thread keeps its priority');
      assert.equal(lowered(values).filter((id) => !before.has(id)).length, 2, `threads at nice ${TRAINING_THREAD_NICE}: the worker and its helper (${JSON.stringify([...values])})`);
    } finally {
      await w.worker.terminate();
    }
  });
});
