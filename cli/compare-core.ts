// The comparison runner behind `faultline compare`: one scenario, several systems. Each
// axis is a scenario field with a list of values (`protocol=raft,multi-paxos`,
// `nodes=3,5`, `network.drop=0%,5%`); every combination of axis values is one row, run over
// the same seeds with the same `--set` overrides, so the rows meet the same workload and
// fault schedule. A row's figures come from each seed's RunResult, summarized over seeds.
import type { HistoryOp } from '../checkers/history.js';
import type { AnyProtocol } from '../sim/protocol.js';
import { runScenario, type RunResult } from '../sim/run.js';
import type { FaultSpec, Scenario } from '../sim/scenario/types.js';
import { UsageError } from './errors.js';
import { loadScenarioInput } from './scenario-input.js';

export interface Axis {
  readonly path: string;
  readonly values: readonly string[];
}

/** At most this many rows (combinations of axis values): a typo must not start a huge run. */
export const COMPARE_ROWS_MAX = 64;

/** Split `a,b,{x: 1, y: 2},[1, 2]` on the commas that are not inside brackets or braces. */
export function splitValues(text: string): string[] {
  const values: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      values.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  values.push(text.slice(start).trim());
  return values;
}

/** `--axis path=v1,v2` -> an Axis; one line (exit 2) when it is malformed. */
export function parseAxis(text: string, option = '--axis'): Axis {
  const eq = text.indexOf('=');
  const path = eq < 0 ? '' : text.slice(0, eq).trim();
  const values = eq < 0 ? [] : splitValues(text.slice(eq + 1));
  if (path === '' || values.length === 0 || values.some((v) => v === '')) {
    throw new UsageError(`${option}: expected path=value1,value2,..., got "${text}"`);
  }
  if (new Set(values).size !== values.length) throw new UsageError(`${option}: a value is listed twice in "${text}"`);
  return { path, values };
}

/** Every combination of axis values, as `path=value` overrides, first axis varying slowest. */
export function combinations(axes: readonly Axis[]): string[][] {
  let rows: string[][] = [[]];
  for (const axis of axes) rows = rows.flatMap((row) => axis.values.map((v) => [...row, `${axis.path}=${v}`]));
  if (rows.length > COMPARE_ROWS_MAX) {
    throw new UsageError(`compare: ${rows.length} combinations of axis values, at most ${COMPARE_ROWS_MAX}`);
  }
  return rows;
}

/** A row to run: a scenario file and the `path=value` overrides that make this row. */
export interface RowSpec {
  readonly file: string;
  readonly overrides: readonly string[];
}

/** A row, loaded: its scenario with every override applied. */
export interface LoadedRow extends RowSpec {
  readonly scenario: Scenario;
  readonly protocol: AnyProtocol;
}

/** How one seed of one row is run: plainly, or watched (a report collects the run as it goes). */
export type RunOne = (row: LoadedRow, seed: number, seedIndex: number, rowIndex: number) => RunResult;

const runPlainly: RunOne = (row, seed) => runScenario({ ...row.scenario, seed }, row.protocol);

/** Load every row first, so a row that does not validate fails fast, in one line, before anything runs. */
export async function loadRows(specs: readonly RowSpec[]): Promise<LoadedRow[]> {
  // Loading may import a protocol module (`protocol: ./my-raft.js`); running never waits.
  const rows: LoadedRow[] = [];
  for (const spec of specs) rows.push({ ...spec, ...(await loadScenarioInput(spec.file, { set: spec.overrides })) });
  return rows;
}

/**
 * The general runner behind `compare` and `lesson`: each loaded row over the same seeds,
 * keeping what `figures` takes from each seed's result (per row, per seed).
 */
export function runLoadedRows<T>(
  rows: readonly LoadedRow[],
  seeds: readonly number[],
  figures: (result: RunResult, row: LoadedRow) => T,
  runOne: RunOne = runPlainly,
): T[][] {
  return rows.map((row, r) => seeds.map((seed, i) => figures(runOne(row, seed, i, r), row)));
}

/** Load, then run. */
export async function runRows<T>(
  specs: readonly RowSpec[],
  seeds: readonly number[],
  figures: (result: RunResult, row: LoadedRow) => T,
  runOne: RunOne = runPlainly,
): Promise<{ rows: LoadedRow[]; perSeed: T[][] }> {
  const rows = await loadRows(specs);
  return { rows, perSeed: runLoadedRows(rows, seeds, figures, runOne) };
}

/** One seed's figures, as a row collects them. */
export interface SeedFigures {
  readonly verdict: string;
  readonly messagesPerOp: number | null;
  readonly latencyP50Us: number | null;
  readonly latencyP99Us: number | null;
  /** Per crash of the leader: time from the crash to the first ok of an op invoked after it. */
  readonly leaderCrashGapsUs: readonly number[];
  /** The protocol's own summary figures (`stats.protocol`). */
  readonly protocol: Readonly<Record<string, number>>;
}

/** A row: the figures over its seeds (medians of per-seed values; gaps: median and worst). */
export interface RowFigures {
  readonly settings: Readonly<Record<string, string>>;
  readonly seeds: number;
  readonly verdicts: Readonly<Record<string, number>>;
  readonly messagesPerOp: number | null;
  readonly latencyP50Us: number | null;
  readonly latencyP99Us: number | null;
  readonly leaderCrashes: number;
  readonly leaderCrashGapP50Us: number | null;
  readonly leaderCrashGapMaxUs: number | null;
  /** The protocol figures asked for (`--figures`): name -> median over the seeds (null: none reported it). */
  readonly figures: Readonly<Record<string, number | null>>;
}

/** Crashes aimed at the leader: from the fault schedule and what the nemesis drew. */
export function leaderCrashTimesUs(faults: readonly FaultSpec[]): number[] {
  return faults
    .filter((f) => f.action.kind === 'crash' && f.action.targets.includes('leader'))
    .map((f) => f.atUs)
    .sort((a, b) => a - b);
}

/**
 * For each crash time: how long until an op invoked at or after it completed ok (from the
 * client history; times are nanoseconds). A crash after which nothing succeeded counts
 * until `endUs`.
 */
export function progressGapsUs(history: readonly HistoryOp[], crashesUs: readonly number[], endUs: number): number[] {
  const invokedAtUs = new Map<number | string, number>();
  const okOps: { invokedUs: number; doneUs: number }[] = [];
  for (const op of history) {
    const us = (op.time ?? 0) / 1000;
    if (op.type === 'invoke') invokedAtUs.set(op.process, us);
    else if (op.type === 'ok' && invokedAtUs.has(op.process)) okOps.push({ invokedUs: invokedAtUs.get(op.process)!, doneUs: us });
  }
  return crashesUs.map((crashUs) => {
    let first = endUs;
    for (const op of okOps) if (op.invokedUs >= crashUs && op.doneUs < first) first = op.doneUs;
    return Math.round(first - crashUs);
  });
}

export function seedFigures(result: RunResult, faults: readonly FaultSpec[]): SeedFigures {
  const crashes = leaderCrashTimesUs([...faults, ...result.drawn.nemesis]);
  return {
    verdict: result.verdict,
    messagesPerOp: result.stats.messages.perOp,
    latencyP50Us: result.stats.latencyUs.p50,
    latencyP99Us: result.stats.latencyUs.p99,
    leaderCrashGapsUs: progressGapsUs(result.history, crashes, result.stats.virtualTimeUs),
    protocol: result.stats.protocol,
  };
}

function median(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (present.length === 0) return null;
  const mid = Math.floor(present.length / 2);
  return present.length % 2 === 1 ? present[mid]! : (present[mid - 1]! + present[mid]!) / 2;
}

export function rowFigures(settings: Readonly<Record<string, string>>, seeds: readonly SeedFigures[], figureNames: readonly string[] = []): RowFigures {
  const verdicts: Record<string, number> = {};
  for (const s of seeds) verdicts[s.verdict] = (verdicts[s.verdict] ?? 0) + 1;
  const gaps = seeds.flatMap((s) => s.leaderCrashGapsUs);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  return {
    settings,
    seeds: seeds.length,
    verdicts,
    messagesPerOp: round(median(seeds.map((s) => s.messagesPerOp))),
    latencyP50Us: median(seeds.map((s) => s.latencyP50Us)),
    latencyP99Us: median(seeds.map((s) => s.latencyP99Us)),
    leaderCrashes: gaps.length,
    leaderCrashGapP50Us: median(gaps),
    leaderCrashGapMaxUs: gaps.length === 0 ? null : Math.max(...gaps),
    figures: Object.fromEntries(figureNames.map((name) => [name, round(median(seeds.map((s) => s.protocol[name] ?? null)))])),
  };
}
