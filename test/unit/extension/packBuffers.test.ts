import * as assert from 'node:assert/strict';
import { RunRecorder } from '../../../src/engine/record/recorder';
import { packTypedArrays } from '../../../src/extension/monitor/packBuffers';

/** The distinct ArrayBuffers a webview message carries: what VS Code sends as separate RPC arguments. */
function buffersOf(value: unknown, found = new Set<ArrayBufferLike>()): Set<ArrayBufferLike> {
  if (ArrayBuffer.isView(value)) found.add(value.buffer);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) buffersOf(v, found);
  return found;
}

/** The record of a 6-layer run (deep-sigmoid's shape) after 40 steps and 2 epochs. */
function deepRecord() {
  const recorder = new RunRecorder([16, 16, 16, 16, 16, 1]);
  const layer = (s: number) => ({ deltaNorm: 1 / s, deadShare: 0, saturatedShare: 0.1, gradNorm: 2, weightNorm: 3, updateRatio: 1e-3, deltaMean: Float32Array.from({ length: 16 }, (_, j) => j - s) });
  for (let s = 1; s <= 40; s++) {
    recorder.addLoss(s, 1 / s);
    recorder.addLayers(s, [0, 1, 2, 3, 4, 5].map(() => layer(s)));
    if (s % 20 === 0) recorder.addEpoch(s / 20, { loss: 0.5, accuracy: 0.5, testLoss: 0.4, testAccuracy: 0.6 });
  }
  return recorder.toRecord(1, [10, 20]);
}

describe('packTypedArrays (webview messages travel with one ArrayBuffer)', () => {
  it('a 6-layer record: 258 buffers (over VS Code\'s one-byte argument count) become one, every array equal in type and values', () => {
    const message = { type: 'compare', runs: [{ label: 'a', record: deepRecord() }, { label: 'b', record: deepRecord() }] };
    assert.ok(buffersOf(message.runs[0].record).size > 255, `a deep record alone holds ${buffersOf(message.runs[0].record).size} buffers`);
    const packed = packTypedArrays(message);
    assert.equal(buffersOf(packed).size, 1);
    assert.deepEqual(packed, message); // typed arrays compare by type and contents
    assert.ok(packed.runs[1].record.layers[5].deltaNorm.mean instanceof Float32Array);
    assert.ok(packed.runs[1].record.layers[5].deltaNorm.last instanceof Float64Array);
    for (const array of [packed.runs[0].record.loss.first, packed.runs[1].record.layers[2].deltaMap.values]) assert.equal(array.byteOffset % 8, 0, 'aligned for Float64Array views');
  });

  it('leaves the message it is given unchanged, keeps a shared array shared, and returns messages with < 2 arrays as they are', () => {
    const shared = Float32Array.of(1, 2, 3);
    const view = new Float64Array(new ArrayBuffer(32), 8, 2).fill(7);
    const message = { a: shared, b: [shared, view], c: { text: 'x', n: 1, none: null } };
    const packed = packTypedArrays(message);
    assert.equal(message.a, shared);
    assert.equal(packed.a, packed.b[0]);
    assert.deepEqual(packed.b[1], Float64Array.of(7, 7));
    assert.deepEqual(packed.c, message.c);
    const single = { type: 'snapshot', values: shared };
    assert.equal(packTypedArrays(single), single);
  });
});
