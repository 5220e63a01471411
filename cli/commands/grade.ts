// `faultline grade <scenarios...> --protocol ./raft.js --seeds 1..20`: the grading flow for
// a class. Every scenario (a folder stands for the .yaml files in it) is swept over the
// same seeds; a scenario passes when every seed ends as it expects and its first seed,
// run again in the same process, gives the same trace hash (a protocol that keeps state
// between runs, or reads anything besides the seed, fails here). One line per scenario,
// the replay command of its first failing seed, and exit 0 only when all pass.
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import chalk from 'chalk';
import type { Command } from 'commander';
import { EXIT_AS_EXPECTED, EXIT_UNEXPECTED, UsageError } from '../errors.js';
import { plural } from '../output/plural.js';
import { err, out } from '../output/stdio.js';
import { cutAtWord, terminalWidth } from '../output/text.js';
import { collect, loadScenarioInput, resolveScenarioArg, withProtocolOption } from '../scenario-input.js';
import type { AnyProtocol } from '../../sim/protocol.js';
import type { Scenario } from '../../sim/scenario/types.js';
import { parseSeedList, runSeed, type SeedResult } from '../sweep-core.js';
import { parseJobs, runSeeds, summarize, type SweepSummary } from './sweep.js';

interface GradeOptions {
  readonly protocol?: string;
  readonly seeds: string;
  readonly set?: string[];
  readonly jobs?: string;
  readonly json?: boolean;
}

/** One scenario's grade. */
export interface ScenarioGrade {
  readonly scenario: string;
  readonly file: string;
  readonly passed: boolean;
  readonly seeds: number;
  readonly seedsPassed: number;
  /** The first seed run twice gave one trace hash. */
  readonly deterministic: boolean;
  readonly failing: SweepSummary['failing'];
}

export function registerGradeCommand(program: Command): void {
  program
    .command('grade')
    .description('sweep each grading scenario over the same seeds; one pass/fail line per scenario (exit 0 when all pass)')
    .argument('<scenarios...>', 'scenario files, or folders of them (their .yaml, .yml and .json files)')
    .option('--protocol <file.js>', "run this protocol module instead of each scenario's protocol (a path from the current directory)")
    .option('--seeds <range>', 'seeds every scenario runs: 1..20, or 1,5,9', '1..20')
    .option('--set <path=value>', 'override a field of every scenario (repeatable)', collect, [])
    .option('--jobs <n>', 'worker threads (default: one per core; 1 runs in-process)')
    .option('--json', 'print one JSON object (fields documented in docs/cli.md)')
    .action(async (args: string[], options: GradeOptions) => {
      process.exitCode = await gradeCommand(args, options);
    });
}

/** The scenario files named: a folder stands for its scenario files, in name order. */
export function scenarioFiles(args: readonly string[]): string[] {
  return args.flatMap((arg) => {
    if (!isDirectory(arg)) return [resolveScenarioArg(arg)];
    const files = readdirSync(arg).filter((name) => /\.(ya?ml|json)$/i.test(name)).sort().map((name) => join(arg, name));
    if (files.length === 0) throw new UsageError(`${arg}: a folder with no scenario files (.yaml, .yml or .json)`);
    return files;
  });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

async function gradeCommand(args: readonly string[], options: GradeOptions): Promise<number> {
  const seeds = parseSeedList(options.seeds);
  const { jobs } = parseJobs(options.jobs, availableParallelism());
  const set = withProtocolOption(options);
  const files = scenarioFiles(args);
  // Load every scenario first, so bad input fails in one line before anything runs.
  const loaded = [];
  for (const file of files) loaded.push({ file, ...(await loadScenarioInput(file, { set })) });
  const grades: ScenarioGrade[] = [];
  for (const { file, scenario, protocol } of loaded) {
    if (!options.json) err(`grading ${scenario.name} (${plural(seeds.length, 'seed')})\n`);
    const results = await runSeeds({ file, set, scenario, protocol }, seeds, jobs);
    const summary = summarize(scenario, { file, set, seedList: options.seeds, shard: null }, results, 0, { jobs, requested: null }, protocol.statLabels ?? {});
    const deterministic = rerunsAgree(scenario, protocol, results[0]!, jobs > 1 && seeds.length > 1);
    grades.push({
      scenario: scenario.name,
      file,
      passed: summary.asExpected && deterministic,
      seeds: results.length,
      seedsPassed: results.filter((r) => r.asExpected).length,
      deterministic,
      failing: summary.failing,
    });
  }
  const passed = grades.filter((g) => g.passed).length;
  if (options.json) {
    out(JSON.stringify({ protocol: options.protocol ?? null, seedList: options.seeds, set, passed, total: grades.length, scenarios: grades }) + '\n');
  } else {
    out(gradeReport(grades, options.seeds).join('\n') + '\n');
  }
  return passed === grades.length ? EXIT_AS_EXPECTED : EXIT_UNEXPECTED;
}

/**
 * Run the first seed again in this process and compare trace hashes. In-process, the other
 * seeds ran in between, so state a module keeps between runs shows; after a sweep on
 * workers, it runs twice here for the same reason.
 */
function rerunsAgree(scenario: Scenario, protocol: AnyProtocol, first: SeedResult, onWorkers: boolean): boolean {
  const runs = onWorkers ? 2 : 1;
  for (let k = 0; k < runs; k++) {
    if (runSeed(scenario, protocol, first.seed).traceHash !== first.traceHash) return false;
  }
  return true;
}

export function gradeReport(grades: readonly ScenarioGrade[], seedList: string): string[] {
  const width = terminalWidth();
  const nameWidth = Math.max(...grades.map((g) => g.scenario.length));
  const lines: string[] = [];
  for (const g of grades) {
    const mark = g.passed ? chalk.green('PASS') : chalk.red('FAIL');
    const determinism = g.deterministic ? '' : chalk.red('; NOT DETERMINISTIC: the first seed ran twice with different trace hashes');
    lines.push(`${mark}  ${g.scenario.padEnd(nameWidth)}  ${g.seedsPassed}/${g.seeds} seeds as expected${determinism}`);
    const first = g.failing[0];
    if (first !== undefined) {
      const why = `${first.verdict}${first.violated.length > 0 ? ` (${first.violated.join(', ')})` : ''}: ${first.reason}`;
      lines.push(`      first failing seed ${first.seed}: ${cutAtWord(why, Math.max(30, width - 30))}`);
      lines.push(`      ${first.replay ?? 'not reproducible (a wall-clock budget decided it)'}`);
    }
  }
  const passed = grades.filter((g) => g.passed).length;
  const total = `${passed}/${grades.length} scenarios pass (seeds ${seedList})`;
  lines.push(passed === grades.length ? chalk.green(`grade  ${total}`) : chalk.red(`grade  ${total}`));
  return lines;
}
