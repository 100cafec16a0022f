// Makes sure the Debian packages of the test host are installed: installs them as root, otherwise names what is missing.
import { spawnSync } from 'node:child_process';
import { APT_PACKAGES } from './paths.mjs';

/** Packages from `wanted` that dpkg does not report as installed. */
function missingAptPackages(wanted = APT_PACKAGES) {
  return wanted.filter((name) => {
    const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return query.status !== 0 || !query.stdout.includes('install ok installed');
  });
}

/** Installs the missing packages when running as root; throws one sentence naming them otherwise. */
export function ensureAptPackages(log = console.log, wanted = APT_PACKAGES) {
  const missing = missingAptPackages(wanted);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || spawnSync('which', ['apt-get']).status !== 0) {
    throw new Error(`Missing Debian packages: run \`sudo apt-get install -y ${missing.join(' ')}\` and try again.`);
  }
  log(`[host] apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], env);
  run('apt-get', ['install', '-y', '-qq', ...missing], env);
  const stillMissing = missingAptPackages(wanted);
  if (stillMissing.length) throw new Error(`apt-get could not install: ${stillMissing.join(' ')}.`);
}

/** Runs quietly; on failure prints the command's output and throws. */
function run(command, args, env) {
  const result = spawnSync(command, args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  if (result.status === 0) return;
  process.stderr.write(`${result.stdout}${result.stderr}`.split('\n').slice(-40).join('\n'));
  throw new Error(`\`${command} ${args.join(' ')}\` failed with exit code ${result.status}.`);
}
