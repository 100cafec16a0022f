import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunInfo, RunRecord } from '../../../src/protocol';
import { comparedRuns, SPEC_NOT_SAVED, type LoadedRun } from '../../../src/extension/session/comparedRuns';

const example = (name: string) => readFileSync(resolve(__dirname, '../../../examples', name), 'utf8');
/** A loaded run; `startedAt` (ms) goes into its runId the way RunSession writes it, `run-<Date.now() in base 36>-<n>`. */
const run = (label: string, specText: string | null, startedAt?: number): LoadedRun => ({
  folder: `file:///w/runs/${label}`, label, state: 'finished', record: {} as RunRecord, specText,
  info: { name: label, runId: startedAt === undefined ? 'bench' : `run-${startedAt.toString(36)}-1` } as RunInfo,
});
const T0 = Date.UTC(2026, 11, 2, 22, 1, 44);

describe('Compare Runs: runs with their spec diffs', () => {
  it('the Nielsen pair differs in the hidden activations only, named against the older run', () => {
    const runs = comparedRuns([run('deep-sigmoid', example('deep-sigmoid.nn.json'), T0), run('deep-relu', example('deep-relu.nn.json'), T0 + 4000)]);
    assert.deepEqual(runs.map((r) => r.specDiff), [[], ['layers[1–5].activation: sigmoid → relu']]);
  });

  it('the oldest run is the reference whatever the pick order: sigmoid trained first reads "sigmoid → relu", oldest listed first', () => {
    const runs = comparedRuns([run('deep-relu', example('deep-relu.nn.json'), T0 + 4000), run('deep-sigmoid', example('deep-sigmoid.nn.json'), T0)]);
    assert.deepEqual(runs.map((r) => r.label), ['deep-sigmoid', 'deep-relu']);
    assert.deepEqual(runs.map((r) => r.specDiff), [[], ['layers[1–5].activation: sigmoid → relu']]);
    const three = comparedRuns([run('b', 'null', T0 + 2), run('c', 'null', T0 + 10), run('a', 'null', T0 + 1)]);
    assert.deepEqual(three.map((r) => r.label), ['a', 'b', 'c']);
  });

  it('without a start time in the runId, the folder name\'s timestamp orders; equal times fall back to the folder name', () => {
    const inFolder = (label: string, folder: string, startedAt?: number): LoadedRun => ({ ...run(label, 'null', startedAt), folder: `file:///w/runs/${folder}` });
    const byFolder = comparedRuns([
      inFolder('new', 'deep-relu-2026-12-02T22-01-48'), inFolder('old', 'deep-sigmoid-2026-12-02T22-01-44'), inFolder('undated', 'hand-made'),
    ]);
    assert.deepEqual(byFolder.map((r) => r.label), ['old', 'new', 'undated'], 'undated runs come last');
    const tied = [inFolder('y', 'spec-b', T0), inFolder('x', 'spec-a', T0), inFolder('z', 'spec-a-2', T0)];
    assert.deepEqual(comparedRuns(tied).map((r) => r.label), ['x', 'z', 'y']);
    assert.deepEqual(comparedRuns([...tied].reverse()).map((r) => r.label), ['x', 'z', 'y'], 'the same order whatever the pick order');
  });

  it('a default written out is no change; a changed learning rate is; a spec that no longer validates is compared as written', () => {
    const base = example('deep-relu.nn.json');
    const runs = comparedRuns([
      run('a', base),
      run('b', base.replace('"learningRate": 0.1', '"learningRate": 0.01')),
      run('c', base.replace('"seed": 1,', '"seed": 1, "precision": "float64",')),
      run('d', base.replace('"units": 16, "activation": "relu" },  //', '"units": 0, "activation": "relu" },  //')),
    ]);
    assert.deepEqual(runs[1].specDiff, ['optimizer.learningRate: 0.1 → 0.01']);
    assert.deepEqual(runs[2].specDiff, [], 'float64 is the default precision');
    assert.ok(runs[3].specDiff.includes('layers[1].units: 16 → 0'), JSON.stringify(runs[3].specDiff));
  });

  it('a run saved before spec.json (no spec text) says so instead of diffing against nothing', () => {
    const runs = comparedRuns([run('a', example('deep-relu.nn.json'), T0), run('old', null, T0 + 1), run('b', example('deep-sigmoid.nn.json'), T0 + 2)]);
    assert.deepEqual(runs.map((r) => r.specDiff), [[], [SPEC_NOT_SAVED], ['layers[1–5].activation: relu → sigmoid']]);
    assert.deepEqual(comparedRuns([run('old', null, T0), run('a', example('deep-relu.nn.json'), T0 + 1)])[1].specDiff, [SPEC_NOT_SAVED]);
  });
});
