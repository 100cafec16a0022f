/** Debian's python3 with torch for the export tests: found, or the reason it is not (the tests print it and skip). */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

/** Debian's own interpreter, where apt's python3-torch and python3-onnx live (not a pyenv or venv python3). */
export const PYTHON = '/usr/bin/python3';

let cached: string | null | undefined;

/** null when `import torch` works in PYTHON, else why not. */
function torchMissingReason(): string | null {
  if (cached !== undefined) return cached;
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 120_000 });
  cached = r.status === 0 ? null : `${PYTHON} cannot import torch (${(r.error?.message ?? r.stderr.trim().split('\n').pop()) || `exit ${r.status}`}); install Debian's python3-torch`;
  return cached;
}

/** Skips the test, printing why, when torch is missing. */
export function requireTorch(ctx: Mocha.Context): void {
  const reason = torchMissingReason();
  if (reason) {
    console.log(`      skipped: ${reason}`);
    ctx.skip();
  }
}

/** Runs PYTHON and throws with its stderr when it fails. */
export function python(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  const r = spawnSync(PYTHON, args, { encoding: 'utf8', timeout: 300_000, ...options });
  if (r.status !== 0) throw new Error(`python3 ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr}`);
  return r;
}
