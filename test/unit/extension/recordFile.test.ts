// record.bin: the record and frames round-trip exactly; a truncated or foreign file is reported with where, never crashes.
import * as assert from 'node:assert/strict';
import { decodeRecordFile, encodeRecordFile, RecordFileError } from '../../../src/engine/record/record-file';
import { RunRecorder } from '../../../src/engine/record/recorder';

function sampleFile(): { value: unknown; bytes: Uint8Array } {
  const recorder = new RunRecorder([3, 2], 16, 8);
  for (let step = 1; step <= 100; step++) {
    recorder.addLoss(step, 1 / step);
    recorder.addLayers(step, [3, 2].map((u) => ({ deltaNorm: step, deadShare: 0, saturatedShare: 0.5, gradNorm: 2, weightNorm: 3, updateRatio: 1e-3, deltaMean: new Float64Array(u).fill(step) })));
  }
  recorder.addEpoch(1, { loss: 0.5, accuracy: 0.75, testLoss: null, testAccuracy: null });
  const frame = { step: 100, epoch: 1, layers: [{ layer: 1, units: 3, batchSize: 2, fanIn: 2, delta: Float32Array.of(1, 2, 3, 4, 5, 6), sigmaPrime: new Float32Array(6), upstream: new Float32Array(6), deltaMean: new Float32Array(3), deltaNorm: 1, deadShare: 0, saturatedShare: 0 }] };
  const value = { format: 'backprop-lens/record@1', record: recorder.toRecord(1, [100]), frames: [frame] };
  return { value, bytes: encodeRecordFile(value) };
}

describe('run folder: record.bin', () => {
  it('round-trips the record and frames exactly, typed arrays included', () => {
    const { value, bytes } = sampleFile();
    assert.deepEqual(decodeRecordFile(bytes, 'record.bin'), value);
  });

  it('decodes a node Buffer (what fs.readFile gives) exactly: its slices are views, not copies', () => {
    const { value, bytes } = sampleFile();
    const buffer = Buffer.alloc(bytes.length + 3);
    buffer.set(bytes, 3);
    const pooled = buffer.subarray(3) as unknown as Uint8Array; // a view at an odd offset of a larger buffer
    assert.deepEqual(decodeRecordFile(pooled, 'record.bin'), value);
  });

  it('reports a file truncated anywhere with the file name and the byte, never another error', () => {
    const { bytes } = sampleFile();
    for (let cut = 0; cut < bytes.length; cut += Math.max(1, Math.floor(bytes.length / 60))) {
      assert.throws(() => decodeRecordFile(bytes.slice(0, cut), 'runs/a/record.bin'), (e: unknown) => e instanceof RecordFileError && /^runs\/a\/record\.bin: .*byte/.test(e.message), `cut at ${cut}`);
    }
  });
});
