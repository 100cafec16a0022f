// The extension manifest (package.json) and what `vsce package` puts in the .vsix.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** vsce's own file list (.vscodeignore applied), without dependencies: everything is bundled. */
async function packagedFiles(): Promise<string[]> {
  const vsce = createRequire(__filename)('@vscode/vsce') as {
    listFiles(options: { cwd: string; packageManager: number }): Promise<string[]>;
    PackageManager: { None: number };
  };
  return vsce.listFiles({ cwd: ROOT, packageManager: vsce.PackageManager.None });
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', `${file} is not a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('extension manifest', () => {
  it('a browser entry, and virtual workspaces (github.dev opens a repository as vscode-vfs:) not refused', () => {
    assert.equal(manifest.browser, './dist/web/extension.js');
    assert.notEqual(manifest.capabilities.virtualWorkspaces.supported, false, 'supported: false disables the extension in github.dev');
  });

  describe('activation: *.nn.json only', () => {
    const events: string[] = manifest.activationEvents;

    it('does not activate on a language (onLanguage:jsonc activates on every tsconfig.json and settings.json)', () => {
      assert.deepEqual(events.filter((event) => event.startsWith('onLanguage:')), []);
      assert.ok(!events.includes('*'), 'activates on start-up');
    });

    it('activates in a workspace with a spec, and when the monitor panel is restored', () => {
      assert.ok(events.includes('workspaceContains:**/*.nn.json'), JSON.stringify(events));
      assert.ok(events.includes('onWebviewPanel:backpropLens.monitor'), JSON.stringify(events));
    });

    it('commands and the view activate it too: engines.vscode is at least 1.74, which generates those events', () => {
      const minimum = /(\d+)\.(\d+)/.exec(manifest.engines.vscode);
      assert.ok(minimum && (Number(minimum[1]) > 1 || Number(minimum[2]) >= 74), manifest.engines.vscode);
    });
  });

  describe('packaging', () => {
    it('`vscode:prepublish` runs the production build, so `vsce package` works on a fresh clone', () => {
      assert.match(manifest.scripts['vscode:prepublish'] ?? '', /scripts\/build\.mjs --production/);
      assert.match(manifest.scripts.package ?? '', /^vsce package\b/);
    });

    it('has an icon: a 128 × 128 PNG', () => {
      assert.match(manifest.icon ?? '', /\.png$/);
      assert.deepEqual(pngSize(join(ROOT, manifest.icon)), { width: 128, height: 128 });
    });

    it('has keywords a search on the Marketplace finds it by (at most 30)', () => {
      const keywords: string[] = manifest.keywords ?? [];
      for (const word of ['backpropagation', 'neural network']) assert.ok(keywords.includes(word), JSON.stringify(keywords));
      assert.ok(keywords.length <= 30);
    });

    it('the .vsix carries the icon, README, CHANGELOG and LICENSE, and no sources, tests or .vscode/', async function () {
      this.timeout(60_000); // vsce walks the whole checkout, node_modules included
      const files = await packagedFiles();
      for (const file of [manifest.icon, 'README.md', 'CHANGELOG.md', 'LICENSE', 'package.json']) {
        assert.ok(existsSync(join(ROOT, file)), `${file} is missing`);
        assert.ok(files.includes(file), `${file} is not packaged`);
      }
      const unwanted = files.filter((file) => /^(src|test|scripts|docs|\.vscode|\.ci|node_modules)\//.test(file));
      assert.deepEqual(unwanted, []);
    });
  });
});
