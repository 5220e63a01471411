// The `faultline` command line. Each command lives in cli/commands/; this file wires them
// into one commander program, gives every command --color/--no-color, and turns input
// errors into one line and exit code 2.
import { Command, CommanderError } from 'commander';
import { registerCheckCommand } from './commands/check.js';
import { registerDiffCommand } from './commands/diff.js';
import { registerListCommand } from './commands/list.js';
import { registerMergeCommand } from './commands/merge.js';
import { registerReportCommand } from './commands/report.js';
import { registerRunCommand } from './commands/run.js';
import { registerSchemaCommand } from './commands/schema.js';
import { registerSweepCommand } from './commands/sweep.js';
import { EXIT_BAD_INPUT, inputErrorLine } from './errors.js';
import { applyColour, type ColourOptions } from './output/colour.js';
import { err, out } from './output/stdio.js';
import { VERSION } from './package-info.js';

function addColourOptions(command: Command): void {
  command
    .option('--color', 'colour the output even when it is not a terminal')
    .option('--no-color', 'never colour the output (NO_COLOR=1 does the same)');
}

export function buildProgram(): Command {
  const program = new Command()
    .name('faultline')
    .description('A deterministic distributed-systems simulator: same scenario + same seed = the same run.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: out, writeErr: err })
    .exitOverride();
  registerRunCommand(program);
  registerSweepCommand(program);
  registerMergeCommand(program);
  registerCheckCommand(program);
  registerListCommand(program);
  registerDiffCommand(program);
  registerReportCommand(program);
  registerSchemaCommand(program);
  addColourOptions(program);
  for (const command of program.commands) addColourOptions(command);
  // Commander may file --color under the program or the command: take whichever is set.
  program.hook('preAction', (_program, command) => {
    const color = command.opts<ColourOptions>().color ?? program.opts<ColourOptions>().color;
    applyColour(color === undefined ? {} : { color });
  });
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  applyColour({});
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; commander already printed the usage problem.
      return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    }
    const line = inputErrorLine(error);
    if (line !== null) {
      err(`faultline: ${line}\n`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
}
