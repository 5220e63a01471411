// Entry point of the `faultline` binary (bin/faultline.js imports the compiled file).
// `--debug` turns on source maps before any other module loads, so a stack trace from
// protocol code points into the TypeScript sources (Node maps only modules loaded after).
import { guardStdio } from './output/stdio.js';

if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
guardStdio();
const { main } = await import('./program.js');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`faultline: internal error (a bug, please report it): ${text}\n`);
    process.exitCode = 70;
  },
);
