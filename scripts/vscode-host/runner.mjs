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
