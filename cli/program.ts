// The `faultline` command line. Each command lives in cli/commands/; this file wires them
// into one commander program, gives every command --color/--no-color, and turns input
// errors into one line and exit code 2. Commands are loaded when named: `faultline check`
// loads the checker and nothing of the simulator or the protocols, so a check of a small
// file starts in a fraction of the time.
import { Command, CommanderError } from 'commander';
import { EXIT_BAD_INPUT, inputErrorLine } from './errors.js';
import { applyColour, type ColourOptions } from './output/colour.js';
import { err, out } from './output/stdio.js';
import { VERSION } from './package-info.js';

function addColourOptions(command: Command): void {
  command
    .option('--color', 'colour the output even when it is not a terminal')
    .option('--no-color', 'never colour the output (NO_COLOR=1 does the same)');
}

type Register = (program: Command) => unknown;

/** Every command, in the order help lists them, loaded on demand. */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  run: async () => (await import('./commands/run.js')).registerRunCommand,
  sweep: async () => (await import('./commands/sweep.js')).registerSweepCommand,
  shrink: async () => (await import('./commands/shrink.js')).registerShrinkCommand,
  grade: async () => (await import('./commands/grade.js')).registerGradeCommand,
  compare: async () => (await import('./commands/compare.js')).registerCompareCommand,
  lesson: async () => (await import('./commands/lesson.js')).registerLessonCommand,
  merge: async () => (await import('./commands/merge.js')).registerMergeCommand,
  check: async () => (await import('./commands/check.js')).registerCheckCommand,
  list: async () => (await import('./commands/list.js')).registerListCommand,
  diff: async () => (await import('./commands/diff.js')).registerDiffCommand,
  report: async () => (await import('./commands/report.js')).registerReportCommand,
  schema: async () => (await import('./commands/schema.js')).registerSchemaCommand,
  pbs: async () => (await import('./commands/pbs.js')).registerPbsCommand,
  init: async () => (await import('./commands/init.js')).registerInitCommand,
};

/** The program with every command, or only `command` when argv names one. */
export async function buildProgram(command?: string): Promise<Command> {
  const program = new Command()
    .name('faultline')
    .description('A deterministic distributed-systems simulator: same scenario + same seed = the same run.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: out, writeErr: err })
    .exitOverride();
  const names = command !== undefined && COMMANDS[command] !== undefined ? [command] : Object.keys(COMMANDS);
  for (const name of names) (await (COMMANDS[name] as () => Promise<Register>)())(program);
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
  const program = await buildProgram(argv[0]);
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
