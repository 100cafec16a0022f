// Webview security: the real panel/sidebar options and HTML (vscode stubbed) have a strict CSP with a nonce, no inline
// script or handler, no eval, no remote origin; the webview code uses none of them; untrusted workspaces are limited.
import * as assert from 'node:assert/strict';
import Module from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as fakeVscode from './fixtures/fake-vscode';

const ROOT = resolve(__dirname, '../../..');
const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

/** Loads a module with `vscode` resolved to the stub. */
function withFakeVscode<T>(load: () => T): T {
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) { return request === 'vscode' ? fakeVscode : original.call(this, request, ...rest); };
  try {
    return load();
  } finally {
    loader._load = original;
  }
}

type PanelModule = typeof import('../../../src/extension/monitor/monitorPanel');
type SidebarModule = typeof import('../../../src/extension/monitor/sidebarView');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded synchronously while `vscode` resolves to the stub
const panel = withFakeVscode(() => require('../../../src/extension/monitor/monitorPanel') as PanelModule);
// eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
const sidebar = withFakeVscode(() => require('../../../src/extension/monitor/sidebarView') as SidebarModule);

const extensionUri = fakeVscode.Uri.file('/ext');
const noop = () => undefined;
const stats = { frameStatsIntervalMs: 0, posted: noop, frameStats: noop, stateAck: noop, error: noop };
function fakeWebview() {
  return {
    options: {} as Record<string, unknown>, html: '', cspSource: CSP_SOURCE,
    asWebviewUri: (u: fakeVscode.Uri) => ({ toString: () => `${CSP_SOURCE}${u.path}` }),
    postMessage: () => Promise.resolve(true), onDidReceiveMessage: () => ({ dispose: noop }),
  };
}
const deps = { extensionUri, sessions: { onWebviewMessage: () => ({ dispose: noop }), onDidChangeSession: () => ({ dispose: noop }) }, stats } as never;

/** CSP directives of an HTML page: name → sources. */
function cspOf(html: string): Map<string, string[]> {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  assert.ok(content, 'a CSP meta tag');
  return new Map(content.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
}

/** Checks one page: strict CSP, nonce'd external scripts only, no handlers. */
function checkPage(html: string): string {
  const csp = cspOf(html);
  assert.deepEqual(csp.get('default-src'), ["'none'"]);
  const scriptSources = csp.get('script-src') ?? [];
  assert.equal(scriptSources.length, 1);
  const nonce = /^'nonce-([A-Za-z0-9+/=]{22,})'$/.exec(scriptSources[0])?.[1];
  assert.ok(nonce, `script-src is a nonce of ≥ 128 bits: ${scriptSources[0]}`);
  for (const [name, sources] of csp) {
    for (const source of sources) {
      assert.ok(["'none'", CSP_SOURCE, 'data:', 'blob:', `'nonce-${nonce}'`].includes(source), `${name} allows ${source}`);
    }
  }
  assert.doesNotMatch(html, /unsafe-inline|unsafe-eval|wasm-unsafe-eval|strict-dynamic/);
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length >= 1);
  for (const [, attributes, body] of scripts) {
    assert.match(attributes, new RegExp(`nonce="${nonce.replace(/[+/=]/g, '\\$&')}"`));
    assert.match(attributes, new RegExp(`src="${CSP_SOURCE.replace(/[.+]/g, '\\$&')}/ext/dist/media/`));
    assert.equal(body.trim(), '', 'no inline script');
  }
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handler');
  assert.doesNotMatch(html, /javascript:/i);
  return nonce;
}

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('reliability: webview security and workspace trust', () => {
  it('panel options: scripts on, command links off, resources only from dist/media', () => {
    const options = panel.monitorWebviewOptions(extensionUri as never);
    assert.equal(options.enableScripts, true);
    assert.equal(options.enableCommandUris, false);
    assert.deepEqual(options.localResourceRoots?.map(String), ['file:///ext/dist/media']);
  });

  it('the monitor page: CSP with a fresh nonce, nothing inline, no eval, no remote origin', () => {
    const first = checkPage(panel.htmlFor(fakeWebview() as never, deps, 'monitor', 'T <script>alert(1)</script>'));
    const second = checkPage(panel.htmlFor(fakeWebview() as never, deps, 'monitor', 'T'));
    assert.notEqual(first, second, 'a new nonce per page');
  });

  it('the sidebar view: same page rules; command links limited to opening the monitor', () => {
    const webview = fakeWebview();
    const view = { webview, visible: true, onDidChangeVisibility: () => ({ dispose: noop }), onDidDispose: () => ({ dispose: noop }) };
    const provider = new sidebar.SidebarViewProvider(deps);
    provider.resolveWebviewView(view as never);
    checkPage(webview.html);
    assert.deepEqual(webview.options.enableCommandUris, ['backpropLens.openMonitor']);
    assert.deepEqual((webview.options.localResourceRoots as unknown[]).map(String), ['file:///ext/dist/media']);
    provider.dispose();
  });

  it('webview code builds DOM without markup parsing, eval or network access', () => {
    const files = sources(join(ROOT, 'media'));
    assert.ok(files.length > 10);
    for (const file of files) {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const found = /\beval\s*\(|new Function\b|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write|set(Timeout|Interval)\(\s*['"`]|\bfetch\s*\(|XMLHttpRequest|WebSocket|EventSource|importScripts|\.on[a-z]+\s*=\s*['"`]/.exec(code);
      assert.equal(found, null, `${file}: ${found?.[0]}`);
    }
  });

  it('untrusted workspaces: limited, and every setting that widens file access or resource use is restricted', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    const settings = Object.keys(manifest.contributes.configuration.properties);
    for (const name of ['backpropLens.allowDataOutsideWorkspace', 'backpropLens.runFolder', 'backpropLens.memoryBudgetMB']) {
      assert.ok(trust.restrictedConfigurations.includes(name), `${name} is restricted`);
    }
    for (const name of trust.restrictedConfigurations) assert.ok(settings.includes(name), `${name} is a contributed setting`);
  });
});
