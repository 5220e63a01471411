// `faultline pbs [scenario]`: the PBS curve. Sweeps N = 3 over every (R, W) with one
// latency distribution and prints read and write latency against the probability that a
// read is fresh t ms after a write (cli/pbs-core.ts; docs/protocols/quorum.md).
import type { Command } from 'commander';
import { EXIT_AS_EXPECTED } from '../errors.js';
import { out } from '../output/stdio.js';
import { PBS_DEFAULT_SCENARIO, pbsSweep, pbsTable } from '../pbs-core.js';
import { collect, parseSeed } from '../scenario-input.js';

interface PbsCommandOptions {
  readonly latency?: string;
  readonly seed?: string;
  readonly set?: string[];
  readonly json?: boolean;
}

export function registerPbsCommand(program: Command): void {
  program
    .command('pbs')
    .description('PBS staleness curve: N = 3 over every (R, W), latency p50/p99 against P(read fresh) t ms after a write')
    .argument('[scenario]', 'a quorum scenario to start from', PBS_DEFAULT_SCENARIO)
    .option('--latency <dist>', "network latency, as in a scenario: 2ms, or '{dist: exponential, mean: 2ms}'")
    .option('--seed <n>', "seed (default: the scenario's)")
    .option('--set <path=value>', 'override a scenario field (repeatable)', collect, [])
    .option('--json', 'print the rows as one JSON object')
    .action((file: string, options: PbsCommandOptions) => {
      const rows = pbsSweep(file, {
        latency: options.latency ?? null,
        seed: options.seed === undefined ? null : parseSeed(options.seed),
        set: options.set ?? [],
      });
      out(options.json ? JSON.stringify({ scenario: file, rows }) + '\n' : pbsTable(rows).join('\n') + '\n');
      process.exitCode = EXIT_AS_EXPECTED;
    });
}
