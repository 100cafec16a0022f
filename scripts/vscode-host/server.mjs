// Starts code-server (the real VS Code server + web workbench) in its own process group on a free port.
import { spawn, spawnSync } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A port the OS reports free right now on 127.0.0.1. */
function findFreePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Spawns code-server with throw-away config/user-data/extensions dirs; resolves once /healthz answers.
 * `profile` comes from createProfile(); `env` is passed on to the server and so to the extension host.
 */
export async function startCodeServer({ host, profile, env = {}, extraArgs = [], readyTimeoutMs = 60_000 }) {
  const port = await findFreePort();
  const args = [
    host.codeServerEntry,
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--config', profile.configFile, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir,
    '--vscode-option', 'enable-smoke-test-driver',
    ...extraArgs,
  ];
  const logFd = openSync(profile.serverLogFile, 'a');
  const child = spawn(host.node24Bin, args, {
    detached: true, // own process group: stop() kills code-server and every extension host it started
    stdio: ['ignore', logFd, logFd],
    env: { ...process.env, ...env, XDG_CONFIG_HOME: profile.root, XDG_DATA_HOME: profile.root },
  });
  closeSync(logFd);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const killOnExit = () => signalGroup(child.pid, 'SIGKILL'); // safety net: never outlive the runner
  process.on('exit', killOnExit);
  const stop = async () => {
    await killProcessGroup(child.pid, exited);
    process.removeListener('exit', killOnExit);
  };
  const server = { url, port, pid: child.pid, exited, stop };
  try {
    await waitForHealth(url, exited, readyTimeoutMs);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitForHealth(url, exited, timeoutMs) {
  let serverExit = null;
  exited.then((result) => { serverExit = result; });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (serverExit) throw new Error(`code-server exited early (code ${serverExit.code}, signal ${serverExit.signal}).`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch { /* not listening yet */ }
    await sleep(200);
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s.`);
}

/** SIGTERM to the whole group, SIGKILL if it is still alive after 5 s. */
async function killProcessGroup(pid, exited) {
  if (!signalGroup(pid, 'SIGTERM')) return;
  const stopped = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
  await sleep(300); // let extension hosts of the group react to SIGTERM
  if (!stopped || groupAlive(pid)) signalGroup(pid, 'SIGKILL');
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Installs a .vsix into the profile's extensions dir the way a user would (`code-server --install-extension`). */
export function installExtension({ host, profile, vsixPath }) {
  const args = [
    host.codeServerEntry, '--config', profile.configFile, '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir, '--install-extension', vsixPath, '--force',
  ];
  const result = spawnSync(host.node24Bin, args, { encoding: 'utf8', env: { ...process.env, XDG_CONFIG_HOME: profile.root } });
  const output = `${result.stdout}${result.stderr}`.trim();
  if (result.status !== 0) throw new Error(`installing ${vsixPath} failed (exit ${result.status}): ${output}`);
  return output;
}
