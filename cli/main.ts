// Entry point of the `faultline` binary (bin/faultline.js imports the compiled file).
import { main } from './program.js';

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
