// The host setup runs from inside `npm test`: its nested npm installs must not see the outer npm's variables.
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { codeServerInstallEnv, node24InstallEnv } from '../../../scripts/vscode-host/setup.mjs';
import { node24Bin, node24Dir } from '../../../scripts/vscode-host/paths.mjs';

/** What `npm test` (npm 11 on Node 20) hands its scripts, as printed by `npm exec -c env`. */
const outerNpmEnv: NodeJS.ProcessEnv = {
  HOME: '/root',
  PATH: '/repo/node_modules/.bin:/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin:/usr/bin',
  NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt',
  NODE: '/usr/bin/node',
  INIT_CWD: '/repo',
  npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
  npm_node_execpath: '/usr/bin/node',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  npm_config_npm_version: '11.19.1',
  npm_config_globalconfig: '/usr/etc/npmrc',
  npm_config_global_prefix: '/usr',
  npm_config_local_prefix: '/repo',
  npm_config_prefix: '/usr',
  npm_config_nodedir: '/usr',
  npm_config_yes: '',
  npm_lifecycle_event: 'test:integration',
  npm_lifecycle_script: 'node scripts/test-integration.mjs',
  npm_package_json: '/repo/package.json',
  npm_package_name: 'backprop-lens',
  npm_package_engines_node: '>=20',
  npm_command: 'run-script',
  npm_config_registry: 'https://registry.example/',
  npm_config_https_proxy: 'http://proxy.example:3128',
};

const outerNames = [
  'NODE', 'INIT_CWD', 'npm_config_user_agent', 'npm_node_execpath', 'npm_execpath', 'npm_config_node_gyp',
  'npm_config_npm_version', 'npm_config_globalconfig', 'npm_config_global_prefix', 'npm_config_local_prefix',
  'npm_config_prefix', 'npm_config_yes', 'npm_lifecycle_event', 'npm_lifecycle_script', 'npm_package_json',
  'npm_package_name', 'npm_package_engines_node', 'npm_command',
];

/** Names of `env` that describe the outer npm and should not have reached a nested install. */
function leaked(env: NodeJS.ProcessEnv): string[] {
  return outerNames.filter((name) => name in env);
}

describe('host setup: nested npm installs get a clean environment', () => {
  it('the code-server install sees no variable of the outer npm (its postinstall reads npm_config_user_agent)', () => {
    const env = codeServerInstallEnv(outerNpmEnv);
    assert.deepEqual(leaked(env), []);
    assert.equal(env.npm_config_user_agent, undefined);
  });

  it('the code-server install runs Node 24 first on PATH and builds against its headers', () => {
    const env = codeServerInstallEnv(outerNpmEnv);
    assert.equal(env.PATH?.split(':')[0], dirname(node24Bin));
    assert.equal(env.npm_config_nodedir, node24Dir);
  });

  it('the Node 24 install sees no variable of the outer npm either', () => {
    assert.deepEqual(leaked(node24InstallEnv(outerNpmEnv)), []);
  });

  it('keeps the rest: HOME, CA certificates, and how to reach the registry', () => {
    const env = codeServerInstallEnv(outerNpmEnv);
    assert.equal(env.HOME, '/root');
    assert.equal(env.NODE_EXTRA_CA_CERTS, '/etc/ssl/certs/ca-certificates.crt');
    assert.equal(env.npm_config_registry, 'https://registry.example/');
    assert.equal(env.npm_config_https_proxy, 'http://proxy.example:3128');
  });
});
