// Nothing silent: an optional module that is absent is skipped quietly; one that is there but throws is logged.
import * as assert from 'node:assert/strict';
import { loadOptionalModule } from '../../../src/extension/optionalModule';

function logged(load: () => unknown): { result: unknown; errors: string[] } {
  const errors: string[] = [];
  const result = loadOptionalModule('./monitor', load, { error: (m) => errors.push(m) });
  return { result, errors };
}

const notFound = (name: string) => Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });

describe('optional modules (the monitor bridge)', () => {
  it('returns the module when it loads', () => {
    const monitor = { registerMonitor: () => undefined };
    assert.deepEqual(logged(() => monitor), { result: monitor, errors: [] });
  });

  it('a build without the monitor: undefined, nothing logged', () => {
    assert.deepEqual(logged(() => { throw notFound('./monitor'); }), { result: undefined, errors: [] });
  });

  it('a monitor that throws while loading, or misses a module of its own: undefined, and the error is logged', () => {
    const crash = logged(() => { throw new TypeError('uPlot is not a constructor'); });
    assert.equal(crash.result, undefined);
    assert.match(crash.errors.join(), /\.\/monitor failed to load: TypeError: uPlot is not a constructor/);
    const missing = logged(() => { throw notFound('uplot'); });
    assert.match(missing.errors.join(), /Cannot find module 'uplot'/);
  });
});
