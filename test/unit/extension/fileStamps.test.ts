// The data-file watcher's fallback: modification time and size compared each poll, each change reported once.
import * as assert from 'node:assert/strict';
import { FileStamps } from '../../../src/extension/authoring/fileStamps';

describe('file stamps (data-file watcher fallback)', () => {
  it('reports a tracked file whose stamp changed, once; the first stamp is the baseline; untracked files are not reported', async () => {
    const disk = new Map([['a.csv', '1:10'], ['b.csv', '1:20']]);
    const stamps = new FileStamps(async (key) => disk.get(key) ?? 'missing');
    stamps.track('a.csv');
    stamps.track('b.csv');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(await stamps.changed(), [], 'nothing changed since tracking began');
    disk.set('a.csv', '2:11');
    assert.deepEqual(await stamps.changed(), ['a.csv']);
    assert.deepEqual(await stamps.changed(), [], 'reported once');
    disk.delete('b.csv');
    assert.deepEqual(await stamps.changed(), ['b.csv'], 'a deleted file is a change');
    stamps.untrack('a.csv');
    disk.set('a.csv', '3:12');
    assert.deepEqual(await stamps.changed(), []);
  });

  it('a file whose baseline read has not answered yet reports nothing; the next stamp becomes its baseline', async () => {
    let calls = 0, stamp = '1:1';
    const stamps = new FileStamps((key) => (calls++ === 0 ? new Promise<string>(() => undefined) : Promise.resolve(`${key}@${stamp}`)));
    stamps.track('c.csv');
    assert.deepEqual(await stamps.changed(), []);
    stamp = '2:2';
    assert.deepEqual(await stamps.changed(), ['c.csv']);
  });
});
