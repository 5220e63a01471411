// `faultline merge <sweep.json...>`: one sweep from the `sweep --json` results of several
// machines: shards of one seed list (`--shard i/n`), or sweeps of disjoint seed lists.
// They must have run the same scenario file with the same overrides and expectation; every
// shard must be there (unless --partial) and no seed may appear twice.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Scenario } from '../../sim/scenario/types.js';
import { EXIT_AS_EXPECTED, EXIT_UNEXPECTED, UsageError } from '../errors.js';
import type { SeedResult } from '../sweep-core.js';
import type { Shard } from '../sweep-shard.js';
import { summarize, sweepReport, type SweepSummary } from './sweep.js';
import { out } from '../output/stdio.js';

interface ShardFile {
  readonly path: string;
  readonly summary: SweepSummary;
  readonly results: readonly SeedResult[];
}

export function registerMergeCommand(program: Command): void {
  program
    .command('merge')
    .description('combine the `sweep --json` results of several machines (shards or disjoint seed lists) into one sweep')
    .argument('<results...>', 'files holding `sweep --json` output')
    .option('--json', 'print one JSON object, the shape of `sweep --json` plus `shards`')
    .option('--partial', 'merge even when some shards are missing (the result says which)')
    .action((paths: string[], options: { json?: boolean; partial?: boolean }) => {
      process.exitCode = mergeCommand(paths, options);
    });
}

function fail(path: string, field: string, expected: string): never {
  throw new UsageError(`${path}: ${field}: expected ${expected}`);
}

function readShardFile(path: string): ShardFile {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: ${code !== undefined ? `cannot read (${code})` : `not JSON (${(error as Error).message})`}`);
  }
  for (const field of ['scenario', 'file', 'seedList']) if (typeof json[field] !== 'string') fail(path, field, 'a string (is this `sweep --json` output?)');
  if (!Array.isArray(json['set'])) fail(path, 'set', 'a list of overrides');
  if (typeof json['expected'] !== 'object' || json['expected'] === null) fail(path, 'expected', "the scenario's expectation");
  const results = json['results'];
  if (!Array.isArray(results)) fail(path, 'results', 'a list of per-seed results');
  results.forEach((r: Record<string, unknown>, i) => {
    if (typeof r?.['seed'] !== 'number') fail(path, `results.${i}.seed`, 'a number');
    if (typeof r['verdict'] !== 'string') fail(path, `results.${i}.verdict`, 'a verdict');
    if (typeof r['asExpected'] !== 'boolean') fail(path, `results.${i}.asExpected`, 'true or false');
  });
  return { path, summary: json as unknown as SweepSummary, results: results as SeedResult[] };
}

/** The same scenario, overrides and expectation everywhere; shards of one list, complete. */
function checkCompatible(files: readonly ShardFile[], partial: boolean): Shard[] {
  const first = files[0]!;
  const same = (f: ShardFile, field: keyof SweepSummary) => JSON.stringify(f.summary[field]) === JSON.stringify(first.summary[field]);
  for (const f of files) {
    for (const field of ['file', 'set', 'expected'] as const) {
      if (!same(f, field)) throw new UsageError(`${f.path}: ${field}: ${JSON.stringify(f.summary[field])} differs from ${first.path}'s ${JSON.stringify(first.summary[field])}`);
    }
  }
  const sharded = files.filter((f) => f.summary.shard !== null);
  if (sharded.length === 0) return [];
  if (sharded.length !== files.length) throw new UsageError(`${(files.find((f) => f.summary.shard === null) ?? first).path}: not a shard, but others are: merge shards of one sweep, or whole sweeps`);
  const count = first.summary.shard!.count;
  const seen = new Map<number, string>();
  for (const f of files) {
    if (f.summary.shard!.count !== count || !same(f, 'seedList')) throw new UsageError(`${f.path}: shard of a different sweep (shards must share --seeds and n)`);
    const other = seen.get(f.summary.shard!.index);
    if (other !== undefined) throw new UsageError(`${f.path}: shard ${f.summary.shard!.index}/${count} is also in ${other}`);
    seen.set(f.summary.shard!.index, f.path);
  }
  const missing: number[] = [];
  for (let i = 1; i <= count; i++) if (!seen.has(i)) missing.push(i);
  if (missing.length > 0 && !partial) throw new UsageError(`shards missing: ${missing.map((i) => `${i}/${count}`).join(', ')} (add their results, or pass --partial)`);
  return missing.map((index) => ({ index, count }));
}

function mergeCommand(paths: readonly string[], options: { json?: boolean; partial?: boolean }): number {
  const files = paths.map(readShardFile);
  const missing = checkCompatible(files, options.partial === true);
  const bySeed = new Map<number, { result: SeedResult; path: string }>();
  for (const f of files) {
    for (const result of f.results) {
      const other = bySeed.get(result.seed);
      if (other !== undefined) throw new UsageError(`${f.path}: seed ${result.seed} is also in ${other.path}`);
      bySeed.set(result.seed, { result, path: f.path });
    }
  }
  const results = [...bySeed.values()].map((x) => x.result).sort((a, b) => a.seed - b.seed);
  const first = files[0]!.summary;
  const sharded = first.shard !== null;
  const scenario: Pick<Scenario, 'name' | 'expect'> = { name: first.scenario, expect: first.expected };
  const seedList = sharded ? first.seedList : files.map((f) => f.summary.seedList).join(',');
  const wallMs = Math.max(...files.map((f) => f.summary.wallMs ?? 0));
  const jobs = files.reduce((sum, f) => sum + (f.summary.jobs ?? 0), 0);
  const summary = summarize(scenario, { file: first.file, set: first.set, seedList, shard: null }, results, wallMs, { jobs, requested: null }, first.figureLabels ?? {});
  const shards = files.map((f) => ({ from: f.path, shard: f.summary.shard, seeds: f.results.length, wallMs: f.summary.wallMs, jobs: f.summary.jobs }));
  if (options.json) {
    out(JSON.stringify({ ...summary, shards, missingShards: missing, results }) + '\n');
  } else {
    const lines = sweepReport(summary);
    lines.splice(1, 0, `merged   ${files.length} result files${sharded ? ` (shards of ${first.seedList})` : ''}; wall time is the slowest machine's`);
    if (missing.length > 0) lines.splice(2, 0, `missing  shards ${missing.map((s) => `${s.index}/${s.count}`).join(', ')}: this is not the whole sweep`);
    out(lines.join('\n') + '\n');
  }
  return summary.asExpected && missing.length === 0 ? EXIT_AS_EXPECTED : EXIT_UNEXPECTED;
}
