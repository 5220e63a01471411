// Writing to stdout and stderr. A reader that closes early (`faultline run ... | head -1`)
// ends the process quietly with status 141 (128 + SIGPIPE, what a shell reports for a
// C tool killed by the closed pipe), never with a Node EPIPE stack trace. A write to a
// closed pipe fails synchronously on Linux, so each write checks it: a long run printing
// its trace stops at once instead of simulating to the end for nobody.

/** Exit status when the reader of stdout or stderr went away. */
export const EXIT_PIPE_CLOSED = 141;

function isClosedPipe(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

function quitIfClosed(stream: NodeJS.WriteStream): void {
  if (stream.errored !== null && isClosedPipe(stream.errored)) process.exit(EXIT_PIPE_CLOSED);
}

/** Install once at startup: a closed pipe found after a write (asynchronously) also ends quietly. */
export function guardStdio(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error) => {
      if (isClosedPipe(error)) process.exit(EXIT_PIPE_CLOSED);
      throw error;
    });
  }
}

export function out(text: string): void {
  process.stdout.write(text);
  quitIfClosed(process.stdout);
}

export function err(text: string): void {
  process.stderr.write(text);
  quitIfClosed(process.stderr);
}
