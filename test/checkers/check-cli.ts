// A tiny program with only the `check` command, for end-to-end tests (spawned with tsx)
// and manual runs: npx tsx test/checkers/check-cli.ts check <files...>
import { Command } from 'commander';
import { registerCheckCommand } from '../../cli/commands/check.js';

const program = new Command().name('faultline').exitOverride();
registerCheckCommand(program);
program
  .parseAsync(process.argv.slice(2), { from: 'user' })
  .catch((error: unknown) => {
    const code = (error as { exitCode?: number }).exitCode;
    process.exitCode = code === 0 ? 0 : 2;
  });
