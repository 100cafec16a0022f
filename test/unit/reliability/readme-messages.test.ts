// README claims match the code: the webview messages the README lists are exactly the protocol's WebviewToHost types.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { WebviewToHost } from '../../../src/protocol';

/** Every WebviewToHost type, once: tsc refuses this object when a type is added to the union and missing here. */
const ACCEPTED: Record<WebviewToHost['type'], true> = { ready: true, control: true, setLearningRate: true, revealLayer: true, setWeightGradients: true, requestFrame: true, visibleSections: true, explain: true };

describe('README: the webview message list', () => {
  it('names exactly the message types the protocol accepts from a webview', () => {
    const readme = readFileSync(resolve(__dirname, '../../../README.md'), 'utf8');
    const bullet = readme.slice(readme.indexOf('- **Webview messages are validated**'));
    const paragraph = bullet.slice(0, bullet.indexOf('\n\n') < 0 ? undefined : bullet.indexOf('\n- ', 2) > 0 ? Math.min(bullet.indexOf('\n- ', 2), bullet.indexOf('\n\n')) : bullet.indexOf('\n\n'));
    const listed = [...paragraph.slice(paragraph.indexOf('only')).matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(listed)].sort(), Object.keys(ACCEPTED).sort());
  });
});
