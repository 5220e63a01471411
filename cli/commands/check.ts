// `faultline check <history-file...>`: check recorded histories (JSON, JSON lines, Jepsen
// EDN or Jepsen console-log lines, detected from the content) for linearizability.
//
// Exit codes, worst wins over many files: 2 bad input > 1 not linearizable > 3 unknown
// (a budget ran out) > 0 linearizable.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import chalk from 'chalk';
import type { Command } from 'commander';
import { HistoryFormatError } from '../../checkers/errors.js';
import { historyOf, type HistoryOp } from '../../checkers/history.js';
import { parseHistory } from '../../checkers/formats/history-io.js';
import { checkHistory, defaultModelName } from '../../checkers/linearizability/check.js';
import type { Counterexample, LinearizabilityResult } from '../../checkers/linearizability/check.js';
import { formatMemorySize, MEMORY_BYTES_DEFAULT, parseMemorySize } from '../../checkers/linearizability/memory.js';
import type { FailedCasSemantics } from '../../checkers/linearizability/prepare.js';
import { renderCounterexample } from '../../checkers/linearizability/render.js';
import { MODEL_NAMES } from '../../checkers/models/registry.js';
import { DURATION_EXPECTED, parseDurationUs } from '../../sim/durations.js';
import { plural } from '../output/plural.js';
import { out, err } from '../output/stdio.js';

export const EXIT_LINEARIZABLE = 0;
export const EXIT_NOT_LINEARIZABLE = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_UNKNOWN = 3;

/** Severity order for many files: bad input > violation > unknown > ok. */
const SEVERITY: Readonly<Record<number, number>> = { 0: 0, 3: 1, 1: 2, 2: 3 };

export function worstExitCode(codes: readonly number[]): number {
  let worst = EXIT_LINEARIZABLE;
  for (const c of codes) if ((SEVERITY[c] ?? 3) > (SEVERITY[worst] ?? 0)) worst = c;
  return worst;
}

/** File extensions taken from a directory argument (files named on the command line are
 *  always read, whatever their name). */
export const HISTORY_EXTENSIONS: readonly string[] = ['.edn', '.json', '.jsonl', '.ndjson', '.log', '.txt', '.history'];

export interface CheckCommandOptions {
  readonly model?: string;
  readonly initial?: string;
  readonly failedCas?: string;
  readonly json?: boolean;
  readonly timeout?: string;
  readonly maxMemory?: string;
  readonly history?: string;
}

/**
 * The ops of one history (ops tagged `history`, e.g. by a simulator run that checks a lock
 * and the resource it guards apart). A file holding several needs --history.
 */
function selectHistory(ops: readonly HistoryOp[], wanted: string | null, file: string): HistoryOp[] {
  const names = [...new Set(ops.map(historyOf))];
  if (wanted === null) {
    if (names.length <= 1) return [...ops];
    throw new HistoryFormatError(`expected one history, found ops of ${names.join(', ')}: choose one with --history <name>`, 1, file);
  }
  if (!names.includes(wanted)) throw new HistoryFormatError(`expected ops of history ${wanted}, found only ${names.join(', ')}`, 1, file);
  return ops.filter((op) => historyOf(op) === wanted);
}

export interface CheckIO {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  /** Milliseconds; the checker's time budget and elapsedMs use it. */
  readonly clock: () => number;
  /** Where the exit code goes (default: process.exitCode). */
  readonly setExitCode?: (code: number) => void;
}

const defaultIO: CheckIO = {
  stdout: (line) => out(line + '\n'),
  stderr: (line) => err(line + '\n'),
  clock: () => performance.now(),
};

/** One JSON line per file (a stable contract, see docs/checkers.md). */
export interface CheckJsonLine {
  readonly file: string;
  readonly verdict: 'linearizable' | 'not-linearizable' | 'unknown' | 'bad-input';
  readonly model: string | null;
  readonly ops: number;
  readonly elapsedMs: number;
  readonly counterexample: (Omit<Counterexample, 'linearized'> & { linearized: Counterexample['linearized']; linearizedCount: number }) | null;
  readonly counts?: LinearizabilityResult['counts'];
  readonly unknownReason?: string;
  readonly error?: string;
}

/** A bad command line or unreadable path: one line, exit 2. */
class CheckUsageError extends Error {}

/** --timeout: the one duration syntax of scenario files and every option (sim/units.ts). */
export function parseDurationMs(text: string): number {
  const us = parseDurationUs(text);
  if (us === null || us === 0) throw new CheckUsageError(`--timeout: expected ${DURATION_EXPECTED}, more than 0, found '${text}'`);
  return us / 1000;
}

/** Files `run --out` writes into a run directory; `check` of the directory reads only the history. */
const RUN_DIR_HISTORY = 'history.json';
const RUN_DIR_RESULT = 'result.json';

/** The model a run recorded in result.json beside `historyFile` (run --out), or null. */
export function recordedModel(historyFile: string): string | null {
  try {
    const result = JSON.parse(readFileSync(join(dirname(historyFile), RUN_DIR_RESULT), 'utf8')) as { model?: unknown };
    return typeof result.model === 'string' && MODEL_NAMES.includes(result.model) ? result.model : null;
  } catch {
    return null;
  }
}

/** --initial: nil/null, else JSON (numbers, "strings", [..]), else the text itself. */
export function parseInitialValue(text: string): unknown {
  const t = text.trim();
  if (t === 'nil' || t === 'null') return null;
  if (t === '') return text;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return text;
  }
}

/** Expand directory arguments into their history files, recursively, sorted. */
export function expandPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new CheckUsageError(`${p}: no such file or directory`);
    }
    if (st.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

function walk(dir: string): string[] {
  const names = readdirSync(dir).filter((n) => !n.startsWith('.'));
  // A run directory (run --out): its history once, not the trace and result beside it.
  if (names.includes(RUN_DIR_RESULT) && names.includes(RUN_DIR_HISTORY)) return [join(dir, RUN_DIR_HISTORY)];
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: string[] = [];
  for (const name of names) {
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) out.push(...walk(full));
    else if (HISTORY_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext))) out.push(full);
  }
  return out;
}

function jsonCounterexample(c: Counterexample | null): CheckJsonLine['counterexample'] {
  if (c === null) return null;
  const n = c.linearized.length;
  return { ...c, linearized: c.linearized.slice(Math.max(0, n - 50)), linearizedCount: n };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Run the command; returns the exit code (also used for process.exitCode). */
export function runCheck(paths: readonly string[], options: CheckCommandOptions, io: CheckIO = defaultIO): number {
  let files: string[];
  let timeoutMs: number;
  let failedCas: FailedCasSemantics;
  let maxMemoryBytes: number;
  try {
    if (options.model !== undefined && !MODEL_NAMES.includes(options.model)) {
      throw new CheckUsageError(`--model: expected one of ${MODEL_NAMES.join(', ')}, found '${options.model}'`);
    }
    const fc = options.failedCas ?? 'did-not-happen';
    if (fc !== 'did-not-happen' && fc !== 'compare-mismatch') {
      throw new CheckUsageError(`--failed-cas: expected did-not-happen or compare-mismatch, found '${fc}'`);
    }
    failedCas = fc;
    timeoutMs = parseDurationMs(options.timeout ?? '10s');
    const memory = options.maxMemory === undefined ? MEMORY_BYTES_DEFAULT : parseMemorySize(options.maxMemory);
    if (memory === null || memory <= 0) throw new CheckUsageError(`--max-memory: expected a size like 2GiB or 512MiB, found '${options.maxMemory}'`);
    maxMemoryBytes = memory;
    files = expandPaths(paths);
    if (files.length === 0) throw new CheckUsageError(`${paths.join(' ')}: no history files found`);
  } catch (error) {
    if (error instanceof CheckUsageError) {
      io.stderr(`faultline check: ${error.message}`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
  const initial = options.initial === undefined ? undefined : parseInitialValue(options.initial);
  const codes: number[] = [];
  const tally = { linearizable: 0, 'not-linearizable': 0, unknown: 0, 'bad-input': 0 };
  let totalMs = 0;

  for (const file of files) {
    let result: LinearizabilityResult;
    let modelName: string | null = options.model ?? null;
    let elapsed = 0;
    try {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new HistoryFormatError(`cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 1, file);
      }
      const ops = selectHistory(parseHistory(text, { file }).ops, options.history ?? null, file);
      modelName = options.model ?? recordedModel(file) ?? defaultModelName(ops);
      const t0 = io.clock();
      result = checkHistory(ops, { model: modelName, initial, failedCas, clock: io.clock, timeoutMs, maxMemoryBytes, file });
      elapsed = io.clock() - t0;
    } catch (error) {
      if (!(error instanceof HistoryFormatError)) throw error;
      const line = error.inFile(file).oneLine();
      io.stderr(line);
      tally['bad-input']++;
      codes.push(EXIT_BAD_INPUT);
      if (options.json) {
        const j: CheckJsonLine = { file, verdict: 'bad-input', model: modelName, ops: 0, elapsedMs: 0, counterexample: null, error: line };
        io.stdout(JSON.stringify(j));
      } else {
        io.stdout(`${chalk.red('!')} ${file}: ${chalk.red('bad input')}`);
      }
      continue;
    }
    totalMs += elapsed;
    tally[result.verdict]++;
    const code = result.verdict === 'linearizable' ? EXIT_LINEARIZABLE : result.verdict === 'not-linearizable' ? EXIT_NOT_LINEARIZABLE : EXIT_UNKNOWN;
    codes.push(code);
    if (options.json) {
      const j: CheckJsonLine = {
        file,
        verdict: result.verdict,
        model: result.model,
        ops: result.counts.ops,
        elapsedMs: round(elapsed),
        counterexample: jsonCounterexample(result.counterexample),
        counts: result.counts,
        ...(result.unknownReason !== undefined ? { unknownReason: result.unknownReason } : {}),
      };
      io.stdout(JSON.stringify(j));
      continue;
    }
    const c = result.counts;
    const stats = `${result.model}, ${plural(c.ops, 'op')}: ${c.ok} ok, ${c.fail} fail, ${c.info} info${c.nonClient > 0 ? `, ${c.nonClient} nemesis` : ''}; ${elapsed.toFixed(1)} ms`;
    if (result.verdict === 'linearizable') {
      io.stdout(`${chalk.green('✓')} ${file}: ${chalk.green('linearizable')} ${chalk.dim(`(${stats})`)}`);
    } else if (result.verdict === 'unknown') {
      const why =
        result.unknownReason === 'timeout'
          ? `the time budget (${options.timeout ?? '10s'}) ran out`
          : result.unknownReason === 'memory'
            ? `the memory budget (${formatMemorySize(maxMemoryBytes)}, counted in entries) ran out`
            : `the step budget ran out after ${result.steps} steps`;
      io.stdout(`${chalk.yellow('?')} ${file}: ${chalk.yellow('unknown')}: ${why} ${chalk.dim(`(${stats})`)}`);
    } else {
      io.stdout(`${chalk.red('✗')} ${file}: ${chalk.red.bold('not linearizable')} ${chalk.dim(`(${stats})`)}`);
      if (result.counterexample !== null) {
        for (const l of renderCounterexample(result.counterexample)) io.stdout('    ' + l);
      }
    }
  }
  const exit = worstExitCode(codes);
  if (!options.json) {
    const parts = [
      `${tally.linearizable} linearizable`,
      `${tally['not-linearizable']} not linearizable`,
      `${tally.unknown} unknown`,
      `${tally['bad-input']} bad input`,
    ];
    io.stdout(`total: ${plural(files.length, 'file')}: ${parts.join(', ')}; ${totalMs.toFixed(1)} ms checking; exit ${exit}`);
  }
  return exit;
}

/**
 * V8's tier-up budget for `faultline check`: about 15 times V8's default (67,584), so that
 * a function is handed to the optimizing compiler only after 15 times the work. A check of
 * small files finishes before compiling its loops would pay back (120 small histories: the
 * compiles cost more CPU than the whole check without them), while a long check still gets
 * every loop optimized within its first milliseconds; measured both ways in
 * docs/checkers.md, "Cold checks". Set when the command runs, so only `check` has it.
 */
export const CHECK_V8_FLAGS = '--interrupt-budget=1000000';

/** Add `check` to the faultline program. */
export function registerCheckCommand(program: Command, io: CheckIO = defaultIO): Command {
  return program
    .command('check')
    .description('check recorded histories (JSON, EDN or Jepsen log lines) for linearizability')
    .argument('<history-file...>', 'history files, or directories (every .edn/.json/.jsonl/.log/.txt file inside, recursively)')
    .option('--model <model>', `the model: ${MODEL_NAMES.join(', ')} (default: kv when ops carry keys, else cas-register)`)
    .option('--initial <value>', "the initial value (default nil); JSON or nil, e.g. 0, '\"\"', or '' for the empty string")
    .option('--failed-cas <mode>', 'a failed cas: did-not-happen (default) or compare-mismatch')
    .option('--json', 'one JSON object per file, one per line')
    .option('--timeout <duration>', 'time budget per file, e.g. 10s, 500ms (default 10s)')
    .option('--max-memory <size>', 'memory budget per file, counted in entries (the same on every machine), e.g. 512MiB (default 2GiB)')
    .option('--history <name>', 'check only the ops of this history (ops tagged history: main when untagged); needed when a file holds several')
    .action((files: string[], options: CheckCommandOptions) => {
      setFlagsFromString(CHECK_V8_FLAGS);
      const code = runCheck(files, options, io);
      if (io.setExitCode) io.setExitCode(code);
      else process.exitCode = code;
    });
}
