import * as assert from 'node:assert/strict';
import type { HostToWebview } from '../../../src/protocol';
import { emptyMonitorState, reduceAll } from '../../../media/lib/state';
import { installDom } from './domEnvironment';
import { recordSpiralRun } from './recordedRun';

describe('sidebar view in a DOM', () => {
  let dom: ReturnType<typeof installDom>;
  let sidebar: typeof import('../../../media/sidebarApp');
  before(async () => {
    dom = installDom('vscode-light');
    sidebar = await import('../../../media/sidebarApp');
  });
  after(() => dom.uninstall());

  it('shows run status, one ‖δ‖ bar per layer and the grad-check verdict, with ids that never collide with the panel', () => {
    const posts: unknown[] = [];
    let deliver: (m: HostToWebview) => void = () => undefined;
    const root = document.createElement('div');
    document.body.append(root);
    const app = sidebar.createSidebarApp(root, { post: (m) => posts.push(m), onMessage: (l) => { deliver = l; }, getState: () => undefined, setState: () => undefined }, () => undefined);
    assert.deepEqual(posts, [{ type: 'ready' }]);
    deliver({ type: 'fullState', state: reduceAll(emptyMonitorState(), recordSpiralRun()) });
    app.flush();
    assert.equal(document.getElementById('sidebar-run-status')?.textContent, 'finished');
    assert.equal(document.getElementById('run-status'), null, 'the e2e tests find the panel by #run-status');
    assert.equal(document.querySelectorAll('#sidebar-norm-bars .norm-bar').length, 3);
    assert.match(document.getElementById('sidebar-gradcheck')?.textContent ?? '', /passed/);
    assert.equal(document.querySelector('a.open-dashboard')?.getAttribute('href'), 'command:backpropLens.openMonitor');
    (document.getElementById('sidebar-btn-restart') as HTMLButtonElement).click();
    assert.deepEqual(posts.at(-1), { type: 'control', action: 'restart' });
  });

  it('sizes ‖δ‖ bars on a log scale over four decades below the largest norm', () => {
    assert.deepEqual(sidebar.normBars([1, 0.1, 1e-4, 1e-6, 0]).map((b) => b.fraction), [1, 0.75, 0, 0, 0]);
  });
});
