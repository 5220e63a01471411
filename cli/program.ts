// The `faultline` command line. Each command lives in cli/commands/; this file wires them
// into one commander program and turns input errors into one line and exit code 2.
import { Command, CommanderError } from 'commander';
import { registerCheckCommand } from './commands/check.js';
import { registerDiffCommand } from './commands/diff.js';
import { registerListCommand } from './commands/list.js';
import { registerMergeCommand } from './commands/merge.js';
import { registerPbsCommand } from './commands/pbs.js';
import { registerReportCommand } from './commands/report.js';
import { registerRunCommand } from './commands/run.js';
import { registerSchemaCommand } from './commands/schema.js';
import { registerSweepCommand } from './commands/sweep.js';
import { EXIT_BAD_INPUT, inputErrorLine } from './errors.js';

export function buildProgram(): Command {
  const program = new Command()
    .name('faultline')
    .description('A deterministic distributed-systems simulator: same scenario + same seed = the same run.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerRunCommand(program);
  registerSweepCommand(program);
  registerMergeCommand(program);
  registerCheckCommand(program);
  registerListCommand(program);
  registerDiffCommand(program);
  registerReportCommand(program);
  registerSchemaCommand(program);
  registerPbsCommand(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
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
      process.stderr.write(`faultline: ${line}\n`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
}
