// A throw-away code-server profile: config file, user-data dir with seeded settings, extensions dir, browser dir.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Settings that keep an offline workbench quiet and fast (no chat, git, update or marketplace traffic). */
const QUIET_SETTINGS = {
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'github.gitAuthentication': false,
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  'npm.autoDetect': 'off',
  'typescript.disableAutomaticTypeAcquisition': true,
};

/** Creates the profile folders under a fresh temp dir; `settings` are merged over QUIET_SETTINGS. */
export function createProfile({ prefix = 'bpl-host-', settings = {} } = {}) {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const profile = {
    root,
    configFile: join(root, 'config.yaml'),
    userDataDir: join(root, 'user-data'),
    extensionsDir: join(root, 'extensions'),
    browserDir: join(root, 'browser'),
    workspaceDir: join(root, 'workspace'),
    serverLogFile: join(root, 'code-server.log'),
  };
  writeFileSync(profile.configFile, 'auth: none\ncert: false\n');
  for (const dir of [profile.extensionsDir, profile.browserDir, profile.workspaceDir]) mkdirSync(dir, { recursive: true });
  writeSettings(profile, settings);
  return profile;
}

/** Writes User/settings.json (QUIET_SETTINGS plus `settings`). */
function writeSettings(profile, settings) {
  const userDir = join(profile.userDataDir, 'User');
  mkdirSync(userDir, { recursive: true });
  writeFileSync(join(userDir, 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
}

/** Copies `sourceDir` (e.g. examples/) into the profile's workspace folder. */
export function seedWorkspace(profile, sourceDir) {
  cpSync(sourceDir, profile.workspaceDir, { recursive: true });
}

export function removeProfile(profile) {
  rmSync(profile.root, { recursive: true, force: true });
}

/**
 * The user setting that runs the extension in `extensionDir` in the browser's web-worker extension host (as on
 * vscode.dev), although code-server also offers a Node one: `"remote.extensionKind": { "<publisher>.<name>": ["web"] }`.
 */
export function webExtensionKindSettings(extensionDir) {
  const { publisher, name } = JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8'));
  return { 'remote.extensionKind': { [`${publisher}.${name}`]: ['web'] } };
}
