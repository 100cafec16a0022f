// record.jsonl parsing (an unfinished last line skipped, a bad line located) and `record --json`'s bucketing beyond
// 2,000 steps: bucket means with min, max and each bucket's first step.
import assert from 'node:assert/strict';
import { parseLensJson, parseRecordLines, RunFileError, type PytorchStepRow } from '../../../src/engine/record/pytorch-run';
import { RECORD_SUMMARY_STEPS, summarizeStepRows } from '../../../src/engine/record/record-summary';

const layers = [{ name: 'fc', units: 2, activation: 'relu' }];
const line = (step: number, loss: number | null = 0.5) =>
  JSON.stringify({ type: 'step', step, loss, deltaNorm: [step], deadShare: [0], saturatedShare: [0.1], gradNorm: [1], weightNorm: [2], updateRatio: [null] });

function rows(count: number): PytorchStepRow[] {
  return parseRecordLines(Array.from({ length: count }, (_, i) => `${line(i + 1, i % 2 ? null : i)}\n`).join(''), 1).rows;
}

describe('PyTorch run record (engine/record/pytorch-run, record-summary)', () => {
  it('lens.json gives the layers; a wrong format is named', () => {
    assert.deepEqual(parseLensJson(JSON.stringify({ format: 'backprop-lens/pytorch-run@1', layers: [{ ...layers[0], fanIn: 3 }] })), layers);
    assert.throws(() => parseLensJson('{"format":"x"}'), (e: unknown) => e instanceof RunFileError && /^lens\.json: format is "x"/.test(e.message));
  });

  it('reads every complete line, skips an unfinished last one, sees the end line', () => {
    const text = `${line(1)}\n${line(2)}\n{"type":"step","step":3,"delta`;
    const read = parseRecordLines(text, 1);
    assert.deepEqual(read.rows.map((r) => r.step), [1, 2]);
    assert.equal(read.ended, false);
    assert.equal(parseRecordLines(`${line(1)}\n{"type":"end","steps":1}\n`, 1).ended, true);
  });

  it('a bad complete line is reported with its line number', () => {
    assert.throws(() => parseRecordLines(`${line(1)}\n{"type":"step","step":2,"loss":null}\n`, 1), (e: unknown) => e instanceof RunFileError && /^record\.jsonl: line 2: deltaNorm is not a list of 1 numbers/.test(e.message));
    assert.throws(() => parseRecordLines(`${line(1)}\nnot json\n`, 1), (e: unknown) => e instanceof RunFileError && /^record\.jsonl: line 2: not JSON/.test(e.message));
  });

  it('a mean δ line says how many steps it averages (deltaMeanSteps, 1 when absent); a bad count is located', () => {
    const withMean = (step: number, extra: object) => JSON.stringify({ ...JSON.parse(line(step)), deltaMean: [[step, -step]], ...extra });
    const read = parseRecordLines(`${withMean(1, {})}\n${line(2)}\n${line(3)}\n${withMean(4, { deltaMeanSteps: 3 })}\n`, 1);
    assert.deepEqual(read.rows.map((r) => [r.deltaMean?.[0], r.deltaMeanSteps]), [[[1, -1], 1], [undefined, undefined], [undefined, undefined], [[4, -4], 3]]);
    assert.throws(() => parseRecordLines(`${withMean(1, { deltaMeanSteps: 0.5 })}\n`, 1), (e: unknown) => e instanceof RunFileError && /^record\.jsonl: line 1: deltaMeanSteps is not a whole number/.test(e.message));
  });

  it(`every step up to ${RECORD_SUMMARY_STEPS} steps, null where a value is missing`, () => {
    const s = summarizeStepRows(layers, rows(RECORD_SUMMARY_STEPS), true);
    assert.equal(s.bucketed, false);
    assert.equal(s.steps.length, RECORD_SUMMARY_STEPS);
    assert.deepEqual(s.deltaNorm[0].slice(0, 3), [1, 2, 3]);
    assert.deepEqual(s.loss.slice(0, 3), [0, null, 2]);
    assert.equal(s.updateRatio[0][0], null);
    assert.equal(s.min, undefined);
  });

  it('beyond, bucket means with min and max over 2^k steps, each bucket named by its first step', () => {
    const s = summarizeStepRows(layers, rows(5000), false);
    assert.equal(s.bucketed, true);
    assert.equal(s.steps.length, 1250, '5000 steps in buckets of 4');
    assert.deepEqual(s.steps.slice(0, 3), [1, 5, 9]);
    assert.deepEqual(s.deltaNorm[0].slice(0, 2), [2.5, 6.5]);
    assert.deepEqual([s.min!.deltaNorm[0][1], s.max!.deltaNorm[0][1]], [5, 8]);
    assert.deepEqual(s.loss.slice(0, 2), [1, 5], 'the loss is averaged over the steps that have one');
    assert.equal(s.lastStep, 5000);
  });
});
