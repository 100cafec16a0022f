// npm installs nested inside another npm (the host setup runs from `npm test`): they get a clean environment.
import { spawnSync } from 'node:child_process';

/** Outer-npm settings kept for a nested install: where the registry is and how to reach it (none names a node). */
const NETWORK_SETTINGS = new Set([
  'npm_config_registry', 'npm_config_proxy', 'npm_config_https_proxy', 'npm_config_noproxy',
  'npm_config_cafile', 'npm_config_strict_ssl',
]);

/** Variables an npm script inherits that describe the outer npm and its node (npm_config_user_agent, NODE, …). */
function describesOuterNpm(name) {
  if (name === 'NODE' || name === 'INIT_CWD') return true;
  return /^npm_/i.test(name) && !NETWORK_SETTINGS.has(name.toLowerCase());
}

/**
 * The environment for an npm install nested in this process: `parentEnv` without the outer npm's variables
 * (code-server's postinstall reads npm_config_user_agent and refuses "node/v20"), plus `extra`.
 */
export function nestedNpmEnv(parentEnv, extra = {}) {
  const kept = Object.entries(parentEnv).filter(([name]) => !describesOuterNpm(name));
  return { ...Object.fromEntries(kept), ...extra };
}

/** `npm install <spec>` in `folder` with `env` (already cleaned); throws one sentence on failure. */
export function npmInstall(folder, spec, env) {
  const args = ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', spec];
  const result = spawnSync('npm', args, { cwd: folder, env, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`\`npm ${args.join(' ')}\` in ${folder} failed with exit code ${result.status}.`);
}
