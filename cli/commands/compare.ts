// `faultline compare <scenario> --protocols raft,multi-paxos` (or `--axis path=a,b`, any
// number of them): run every combination of axis values over the same seeds and print one
// table: verdicts, messages per op, client-observed latency p50/p99, and the time without
// progress after each crash of the leader; `--figures` adds columns of the protocol's own
// summary figures (medians over the seeds).
import Table from 'cli-table3';
import type { Command } from 'commander';
import { combinations, loadRows, parseAxis, rowFigures, runLoadedRows, seedFigures, type Axis, type RowFigures } from '../compare-core.js';
import { EXIT_AS_EXPECTED, UsageError } from '../errors.js';
import { out } from '../output/stdio.js';
import { collect, resolveScenarioArg, withProtocolOption } from '../scenario-input.js';
import { parseSeedList } from '../sweep-core.js';
import { formatDurationUs } from '../../sim/units.js';

interface CompareOptions {
  readonly protocols?: string;
  readonly axis?: string[];
  readonly seeds: string;
  readonly set?: string[];
  readonly json?: boolean;
  readonly protocol?: string;
  readonly figures?: string;
}

/** Seeds per row are run in-process; a comparison is a handful, a sweep is `sweep`. */
const COMPARE_SEEDS_MAX = 1000;

export function registerCompareCommand(program: Command): void {
  program
    .command('compare')
    .description('run one scenario for several systems or settings (same workload, faults and seeds); print one table')
    .argument('<scenario>', 'scenario file')
    .option('--protocols <names>', 'shorthand for --axis protocol=<names>, e.g. raft,multi-paxos')
    .option('--axis <path=v1,v2>', 'a scenario field and the values to compare (repeatable; rows are all combinations)', collect, [])
    .option('--seeds <range>', 'seeds each row runs: 1..5, or 1,5,9', '1..5')
    .option('--set <path=value>', 'override a scenario field in every row (repeatable)', collect, [])
    .option('--protocol <file.js>', 'run this protocol module instead of the scenario\'s protocol (a path from the current directory; docs/student-protocols.md)')
    .option('--figures <names>', "columns of the protocol's own summary figures, e.g. retries,breakerOpenings")
    .option('--json', 'print one JSON object (fields documented in docs/cli.md)')
    .action(async (file: string, options: CompareOptions) => {
      process.exitCode = await compareCommand(file, options);
    });
}

export async function compareCommand(arg: string, options: CompareOptions): Promise<number> {
  const file = resolveScenarioArg(arg);
  const axes: Axis[] = (options.axis ?? []).map((text) => parseAxis(text));
  if (options.protocols !== undefined) axes.unshift(parseAxis(`protocol=${options.protocols}`, '--protocols'));
  if (axes.length === 0) throw new UsageError('compare: give --protocols or at least one --axis');
  const seeds = parseSeedList(options.seeds);
  if (seeds.length > COMPARE_SEEDS_MAX) throw new UsageError(`--seeds: at most ${COMPARE_SEEDS_MAX} seeds per row`);
  const set = withProtocolOption(options);
  const combos = combinations(axes);
  const rows = await loadRows(combos.map((overrides) => ({ file, overrides: [...set, ...overrides] })));
  const figureNames = options.figures === undefined ? [] : options.figures.split(',').map((name) => name.trim());
  for (const { protocol } of rows) {
    const unknown = figureNames.find((name) => !Object.hasOwn(protocol.statLabels ?? {}, name));
    if (unknown !== undefined) throw new UsageError(`--figures: ${protocol.name} reports no figure "${unknown}" (it reports: ${Object.keys(protocol.statLabels ?? {}).join(', ') || 'none'})`);
  }
  const perSeed = runLoadedRows(rows, seeds, (result, row) => seedFigures(result, row.scenario.faults));
  const figures: RowFigures[] = combos.map((overrides, i) => {
    const settings = Object.fromEntries(overrides.map((o) => [o.slice(0, o.indexOf('=')), o.slice(o.indexOf('=') + 1)]));
    return rowFigures(settings, perSeed[i]!, figureNames);
  });
  const scenarioName = rows[0]!.scenario.name;
  if (options.json) {
    out(JSON.stringify({ scenario: scenarioName, file, seeds, set, axes, rows: figures }) + '\n');
  } else {
    out(`${scenarioName}: ${figures.length} rows x ${seeds.length} seeds (${options.seeds})\n` + compareTable(axes, figures, figureNames) + '\n');
  }
  return EXIT_AS_EXPECTED;
}

const us = (v: number | null): string => (v === null ? '-' : formatDurationUs(Math.round(v)));

export function compareTable(axes: readonly Axis[], rows: readonly RowFigures[], figureNames: readonly string[] = []): string {
  const table = new Table({
    head: [...axes.map((a) => a.path), 'verdicts', 'msgs/op', 'latency p50', 'latency p99', 'no progress after leader crash (p50 / max)', ...figureNames],
    style: { head: [], border: [] },
  });
  for (const row of rows) {
    const verdicts = Object.entries(row.verdicts).map(([v, n]) => `${v} ${n}`).join(', ');
    const gap = row.leaderCrashes === 0 ? 'no leader crash' : `${us(row.leaderCrashGapP50Us)} / ${us(row.leaderCrashGapMaxUs)}`;
    table.push([
      ...axes.map((a) => row.settings[a.path] ?? ''),
      verdicts,
      row.messagesPerOp === null ? '-' : row.messagesPerOp.toFixed(2),
      us(row.latencyP50Us),
      us(row.latencyP99Us),
      gap,
      ...figureNames.map((name) => figureText(name, row.figures[name] ?? null)),
    ]);
  }
  return table.toString();
}

function figureText(name: string, value: number | null): string {
  if (value === null) return '-';
  return name.endsWith('Us') ? us(value) : String(value);
}
