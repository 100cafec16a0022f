import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunInfo, RunRecord } from '../../../src/protocol';
import { comparedRuns, SPEC_NOT_SAVED, type LoadedRun } from '../../../src/extension/session/comparedRuns';

const example = (name: string) => readFileSync(resolve(__dirname, '../../../examples', name), 'utf8');
const run = (label: string, specText: string | null): LoadedRun => ({ folder: `file:///w/runs/${label}`, label, info: { name: label } as RunInfo, state: 'finished', record: {} as RunRecord, specText });

describe('Compare Runs: runs with their spec diffs', () => {
  it('the Nielsen pair differs in the hidden activations only, named against the first run', () => {
    const runs = comparedRuns([run('deep-sigmoid', example('deep-sigmoid.nn.json')), run('deep-relu', example('deep-relu.nn.json'))]);
    assert.deepEqual(runs.map((r) => r.specDiff), [[], ['layers[1–5].activation: sigmoid → relu']]);
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
    const runs = comparedRuns([run('a', example('deep-relu.nn.json')), run('old', null), run('b', example('deep-sigmoid.nn.json'))]);
    assert.deepEqual(runs.map((r) => r.specDiff), [[], [SPEC_NOT_SAVED], ['layers[1–5].activation: relu → sigmoid']]);
    assert.deepEqual(comparedRuns([run('old', null), run('a', example('deep-relu.nn.json'))])[1].specDiff, [SPEC_NOT_SAVED]);
  });
});
