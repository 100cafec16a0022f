// Nothing silent: the run's info names the trainer and precision really used, and a fallback from the fast path is logged.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunInfo, WorkerToHost } from '../../../src/protocol';
import { TrainingLoop } from '../../../src/worker/trainingLoop';
import { nodeWorkerPlatform } from '../../../src/worker/nodePlatform';
import { OPTIONS, specText } from './helpers';

/** Starts a run in process (its chunks are never run) and returns what the worker posted. */
function start(text: string): WorkerToHost[] {
  const messages: WorkerToHost[] = [];
  const loop = new TrainingLoop({ post: (m) => messages.push(m) }, () => 0, () => undefined, nodeWorkerPlatform);
  loop.handle({ type: 'start', runId: 't', specPath: join(__dirname, 'spec.nn.json'), specText: text, options: OPTIONS });
  return messages;
}

const infoOf = (messages: WorkerToHost[]): RunInfo => {
  const started = messages.find((m) => m.type === 'started');
  assert.ok(started && started.type === 'started', messages.map((m) => m.type).join());
  return started.info;
};

describe('worker: the trainer a run really uses', () => {
  it('a float32 spec the fast path can train: info says fast, float32, its threads, no fallback, every training sample evaluated', () => {
    const info = infoOf(start(specText({ precision: 'float32' })));
    assert.deepEqual([info.trainer, info.precision, info.threads, info.trainerFallback], ['fast', 'float32', 1, null]);
    assert.equal(info.trainEvaluationSamples, info.trainCount);
  });

  it('without WebAssembly (node --jitless) the CLI and the worker fall back to the reference trainer and say why', function () {
    this.timeout(180_000); // a child process compiling TypeScript without a JIT
    const spec = join(mkdtempSync(join(tmpdir(), 'bpl-no-wasm-')), 'float32.nn.json');
    writeFileSync(spec, specText({ precision: 'float32', training: { epochs: 1, batchSize: 20 } }));
    const out = execFileSync(process.execPath, ['--jitless', '--no-warnings', '--import', 'tsx', join(__dirname, 'fixtures/no-wasm-run.ts'), spec], { encoding: 'utf8', cwd: join(__dirname, '../../..') });
    const { cli, worker } = JSON.parse(out.trim().split('\n').pop()!) as { cli: { out: string[]; err: string; code: number }; worker: WorkerToHost[] };
    const why = /The fast WebAssembly trainer cannot train this spec: this runtime has no WebAssembly SIMD\. Training with the float64 TypeScript reference trainer instead \(the spec asks for float32\)\./;
    assert.equal(cli.code, 0, cli.err);
    assert.match(cli.err, why);
    const done = JSON.parse(cli.out.at(-1)!);
    assert.deepEqual([done.trainer, done.precision, done.threads], ['reference', 'float64', 1]);
    const info = infoOf(worker);
    assert.deepEqual([info.trainer, info.precision, info.threads], ['reference', 'float64', 1]);
    assert.match(info.trainerFallback ?? '', /no WebAssembly SIMD/);
    assert.ok(worker.some((m) => m.type === 'log' && m.level === 'warn' && why.test(m.message)), 'a warning in the log');
  });
});
