/** The CLI's Output on the process's own stdout and stderr. */
import type { Output } from './commands';

/** Drops what is written once the reader has closed the pipe (`… | head -1`): EPIPE ends the command quietly. */
function quietWhenClosed(stream: NodeJS.WriteStream): (text: string) => void {
  let readerGone = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    readerGone = true;
  });
  return (text) => { if (!readerGone) stream.write(text); };
}

/** Lines to stdout, text to stderr; a closed pipe on either silences it instead of a stack trace. */
export function processOutput(): Output {
  const writeOut = quietWhenClosed(process.stdout);
  return { out: (line) => writeOut(`${line}\n`), err: quietWhenClosed(process.stderr), isTTY: !!process.stderr.isTTY };
}
