import { join } from 'node:path';
import { writeExitLogs } from './extension-tests.mjs';

/**
 * A runner's exit code from runExtensionTests' result: 2 on a timeout, else the extension host's code; when anything
 * failed the profile is kept (`keep()`) and the host's logs are written to its exit-logs/ folder.
 */
export function exitCodeOf(result, { profile, timeoutSeconds, stage, keep }) {
  if (result.exitCode === null) {
    stage(`TIMEOUT: no result after ${timeoutSeconds} s; screenshot and logs kept in ${profile.root}`);
    keep();
    return 2;
  }
  if (result.exitCode !== 0) {
    const logDir = join(profile.root, 'exit-logs');
    writeExitLogs(result.logs, logDir);
    keep();
    stage(`extension host logs kept in ${logDir}`);
  }
  stage(`extension host exited with code ${result.exitCode}`);
  return result.exitCode;
}

/**
 * The tail every test runner shares: runs `main` once; SIGINT/SIGTERM and a thrown error still clean up; exits with
 * main's code (130 on a signal, 3 when the runner itself failed, after `keepOnError` chose to keep the profile).
 */
export async function runToExit({ label, main, cleanUp, keepOnError, stage }) {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, async () => {
      await cleanUp();
      process.exit(130);
    });
  }
  let exitCode;
  try {
    exitCode = await main();
  } catch (error) {
    console.error(`[${label}] runner error: ${error.stack ?? error}`);
    keepOnError();
    exitCode = 3;
  }
  await cleanUp();
  stage(`done, exit code ${exitCode}`);
  process.exit(exitCode);
}
