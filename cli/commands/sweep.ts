// `faultline sweep <scenario> --seeds 1..N`: run many seeds on every core, list the seeds
// that did not pass with the command that replays each.
import { availableParallelism } from 'node:os';
import chalk from 'chalk';
import type { Command } from 'commander';
import type { AnyProtocol } from '../../sim/protocol.js';
import type { Scenario } from '../../sim/scenario/types.js';
import { EXIT_AS_EXPECTED, EXIT_UNEXPECTED, UsageError } from '../errors.js';
import { plural } from '../output/plural.js';
import { err, out } from '../output/stdio.js';
import { replayCommand, shrinkCommand, wantedText } from '../output/summary.js';
import { cutAtWord, humanDurationUs, terminalWidth } from '../output/text.js';
import { collect, loadScenarioInput, resolveScenarioArg, withProtocolOption } from '../scenario-input.js';
import { parseSeedList, runSeed, type SeedResult } from '../sweep-core.js';
import { figureDistributions, figureLines, type FigureDistribution } from '../sweep-figures.js';
import { runSeedsInWorkers } from '../sweep-pool.js';
import { parseShard, shardSeeds, type Shard } from '../sweep-shard.js';

interface SweepOptions {
  readonly seeds: string;
  readonly set?: string[];
  readonly jobs?: string;
  readonly json?: boolean;
  readonly shard?: string;
  readonly protocol?: string;
}

export interface SweepSummary {
  readonly scenario: string;
  readonly file: string;
  /** The --set overrides, so a merge can check that shards ran the same scenario. */
  readonly set: readonly string[];
  /** The --seeds text: the whole list, before any sharding. */
  readonly seedList: string;
  /** This machine's share (null: the whole list). */
  readonly shard: Shard | null;
  readonly expected: Scenario['expect'];
  readonly seeds: number;
  readonly byVerdict: Record<string, number>;
  /** Seeds whose verdict was not `pass`, each with its replay command (null: not reproducible). */
  readonly failing: readonly (SeedResult & { readonly replay: string | null; readonly shrink: string | null })[];
  /** Each protocol figure's distribution across the seeds (cli/sweep-figures.ts). */
  readonly figures: Record<string, FigureDistribution>;
  /** The protocol's labels for those figures, for the terminal. */
  readonly figureLabels: Readonly<Record<string, string>>;
  /** Did the sweep show what the scenario expects? (all pass, or at least one expected violation) */
  readonly asExpected: boolean;
  readonly wallMs: number;
  readonly seedsPerSecond: number;
  readonly jobs: number;
  /** What --jobs asked for, when more than the cores (then `jobs` is the core count). */
  readonly jobsRequested: number | null;
}

export function registerSweepCommand(program: Command): void {
  program
    .command('sweep')
    .description('run a scenario over many seeds (on every core); exit 0 if the sweep shows what the scenario expects')
    .argument('<scenario>', 'scenario file (the current directory first, then the shipped scenarios)')
    .requiredOption('--seeds <range>', 'seeds to run: 1..100, or 1,5,9, or 1..10,50..60')
    .option('--set <path=value>', 'override a scenario field (repeatable)', collect, [])
    .option('--protocol <file.js>', 'run this protocol module instead of the scenario\'s protocol (a path from the current directory; docs/student-protocols.md)')
    .option('--jobs <n>', 'worker threads (default and most: one per core; 1 runs in-process)')
    .option('--json', 'print one JSON object (fields documented in docs/cli.md)')
    .option('--shard <i/n>', 'run shard i of n (1-based; every n-th seed of the list); auto/n takes i from JOB_COMPLETION_INDEX')
    .action(async (file: string, options: SweepOptions) => {
      process.exitCode = await sweepCommand(file, options);
    });
}

/** --jobs: 1..256, capped at the core count (more threads than cores only share them). */
export function parseJobs(text: string | undefined, cores: number): { jobs: number; requested: number | null } {
  if (text === undefined) return { jobs: cores, requested: null };
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 256) {
    throw new UsageError(`--jobs: expected a whole number from 1 to 256, got "${text}"`);
  }
  const requested = Number(text);
  return requested > cores ? { jobs: cores, requested } : { jobs: requested, requested: null };
}

async function sweepCommand(arg: string, options: SweepOptions): Promise<number> {
  const set = withProtocolOption(options);
  const shard = options.shard === undefined ? null : parseShard(options.shard);
  const allSeeds = parseSeedList(options.seeds);
  const seeds = shard === null ? allSeeds : shardSeeds(allSeeds, shard);
  if (seeds.length === 0) throw new UsageError(`--shard ${shard!.index}/${shard!.count}: no seeds (the list has ${allSeeds.length})`);
  const { jobs, requested } = parseJobs(options.jobs, availableParallelism());
  const file = resolveScenarioArg(arg);
  // Load once here so bad input fails fast with one line, before any worker starts.
  const { scenario, protocol } = await loadScenarioInput(file, { set });
  if (requested !== null && !options.json) err(`--jobs ${requested}: capped at ${jobs}, the number of cores\n`);
  const progress = progressLine(seeds.length, !options.json && process.stderr.isTTY === true);
  const started = performance.now();
  const results = await runSeeds({ file, set, scenario, protocol }, seeds, jobs, progress);
  const wallMs = performance.now() - started;
  const summary = summarize(scenario, { file, set, seedList: options.seeds, shard }, results, wallMs, { jobs, requested }, protocol.statLabels ?? {});
  if (options.json) {
    out(JSON.stringify({ ...summary, results }) + '\n');
  } else {
    out(sweepReport(summary).join('\n') + '\n');
  }
  return summary.asExpected ? EXIT_AS_EXPECTED : EXIT_UNEXPECTED;
}

/** Run each seed, in-process (one job, or one seed) or on worker threads; results in seed order. */
export async function runSeeds(
  input: { readonly file: string; readonly set: readonly string[]; readonly scenario: Scenario; readonly protocol: AnyProtocol },
  seeds: readonly number[],
  jobs: number,
  progress: (result: SeedResult, done: number) => void = () => {},
): Promise<SeedResult[]> {
  if (jobs > 1 && seeds.length > 1) return runSeedsInWorkers({ file: input.file, set: input.set }, seeds, jobs, progress);
  return seeds.map((seed, i) => {
    const r = runSeed(input.scenario, input.protocol, seed);
    progress(r, i + 1);
    return r;
  });
}

/** Where a sweep's seeds came from. */
export interface SweepSource {
  readonly file: string;
  readonly set: readonly string[];
  readonly seedList: string;
  readonly shard: Shard | null;
}

export function summarize(
  scenario: Pick<Scenario, 'name' | 'expect'>,
  source: SweepSource,
  results: readonly SeedResult[],
  wallMs: number,
  jobs: { jobs: number; requested: number | null },
  figureLabels: Readonly<Record<string, string>>,
): SweepSummary {
  const { file, set } = source;
  const byVerdict: Record<string, number> = {};
  for (const r of results) byVerdict[r.verdict] = (byVerdict[r.verdict] ?? 0) + 1;
  const failing = results
    // A skipped seed (a capture bound nothing) is neither a pass nor a failure.
    .filter((r) => r.verdict !== 'pass' && r.verdict !== 'skipped')
    .map((r) => {
      const reproducible = r.reproducible !== false;
      // Shrinking keeps a failed check failing: offered for the verdicts that have one.
      const shrinkable = reproducible && SHRINKABLE.includes(r.verdict);
      return { ...r, replay: reproducible ? replayCommand({ file, seed: r.seed }, set) : null, shrink: shrinkable ? shrinkCommand(file, r.seed, set) : null };
    });
  const expect = scenario.expect;
  const asExpected =
    expect.verdict === 'pass' ? failing.length === 0 : results.some((r) => r.asExpected);
  return {
    scenario: scenario.name,
    file,
    set,
    seedList: source.seedList,
    shard: source.shard,
    expected: expect,
    seeds: results.length,
    byVerdict,
    failing,
    figures: figureDistributions(results.map((r) => r.figures)),
    figureLabels,
    asExpected,
    wallMs: Math.round(wallMs),
    seedsPerSecond: Math.round((results.length / (wallMs / 1000)) * 10) / 10,
    jobs: jobs.jobs,
    jobsRequested: jobs.requested,
  };
}

const FAILING_SHOWN_MAX = 20;
/** Verdicts that name a failed check (faultline shrink keeps it failing). */
const SHRINKABLE: readonly string[] = ['violation', 'no-progress', 'error'];

export function sweepReport(s: SweepSummary): string[] {
  const counts = Object.entries(s.byVerdict).map(([v, n]) => `${v} ${n}`).join(', ');
  const share = s.shard === null ? '' : ` (shard ${s.shard.index}/${s.shard.count})`;
  const jobs = `${plural(s.jobs, 'job')}${s.jobsRequested !== null ? `, capped from ${s.jobsRequested}` : ''}`;
  const lines = [
    `${chalk.bold(s.scenario)}${share}: ${plural(s.seeds, 'seed')} in ${(s.wallMs / 1000).toFixed(1)}s (${s.seedsPerSecond} seeds/s, ${jobs}): ${counts}`,
  ];
  const width = terminalWidth();
  if (s.failing.length > 0) {
    lines.push(chalk.bold('seeds that did not pass:'));
    for (const f of s.failing.slice(0, FAILING_SHOWN_MAX)) {
      const head = `  seed ${f.seed}: ${f.verdict}`;
      lines.push(f.reason ? `${head} (${cutAtWord(f.reason, Math.max(20, width - head.length - 3))})` : head);
      lines.push(f.replay !== null ? `    ${f.replay}` : '    not reproducible (a wall-clock budget decided it): no replay command');
      if (f.shrink !== null) lines.push(`    ${f.shrink}`);
    }
    if (s.failing.length > FAILING_SHOWN_MAX) lines.push(`  ... and ${s.failing.length - FAILING_SHOWN_MAX} more (--json lists all)`);
  }
  lines.push(...figureLines(s.figures, s.figureLabels, s.seeds));
  const wanted = wantedText(s.expected, 'sweep');
  lines.push(s.asExpected ? chalk.green(`as expected (wanted ${wanted})`) : chalk.red(`not as expected (wanted ${wanted})`));
  return lines;
}

/** A one-line progress bar on a terminal (stderr), with seeds/s and the time left; silent otherwise. */
function progressLine(total: number, enabled: boolean): (result: SeedResult, done: number) => void {
  if (!enabled) return () => {};
  const width = 24;
  const started = performance.now();
  let failing = 0;
  return (result, done) => {
    if (result.verdict !== 'pass') failing++;
    const filled = Math.round((done / total) * width);
    const perSecond = done / Math.max(0.001, (performance.now() - started) / 1000);
    const eta = done === total ? 'done' : `ETA ${humanDurationUs(((total - done) / perSecond) * 1_000_000)}`;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} seeds, ${failing} not passing, ${perSecond.toFixed(1)} seeds/s, ${eta}`;
    err(`\r${line}\x1b[K${done === total ? '\n' : ''}`);
  };
}
