// `npm run bench` runs every benchmark; `node dist/bench/main.js kernel` runs the named
// ones; `--json` prints one JSON object per result on stdout (the aligned lines then go
// to stderr). Adding a benchmark is one line in BENCHMARKS: a module in bench/ exporting
// an async function that returns BenchResult[] (or prints its own report and returns
// nothing). A module that is not there yet is skipped with a note, so the table can name
// benchmarks before they exist.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One measured figure. Benchmark modules import this type with `import type`. */
export interface BenchResult {
  /** Short name within its benchmark (`ping-pong`). */
  readonly name: string;
  readonly value: number;
  /** `events/s`, `ops/s`, `ms`, ... */
  readonly unit: string;
  /** The least the value should be (throughputs), if the issue sets one. */
  readonly target?: number;
  /** The most the value should be (memory, latency), if the issue sets one. */
  readonly targetMax?: number;
  /** Whether the value meets its target. */
  readonly pass?: boolean;
  /** One human line: how it was measured, spread, sizes. */
  readonly detail?: string;
  /** Extra figures for --json. */
  readonly data?: Readonly<Record<string, number | string | boolean>>;
}

/** A benchmark returns its results, or prints its own report and returns nothing. */
export type Benchmark = () => Promise<BenchResult[] | void>;

interface BenchEntry {
  readonly name: string;
  /** Path relative to this file, as compiled (`./kernel.js`). */
  readonly module: string;
  /** The exported async function to call. */
  readonly run: string;
}

const BENCHMARKS: readonly BenchEntry[] = [
  { name: 'kernel', module: './kernel.js', run: 'benchKernel' },
  { name: 'checkers', module: './checkers.js', run: 'benchCheckers' },
  { name: 'checker-small', module: './checker-small.js', run: 'benchCheckerSmall' },
  { name: 'raft', module: './raft.js', run: 'benchRaft' },
  { name: 'multi-paxos', module: './multi-paxos.js', run: 'benchMultiPaxos' },
  { name: 'report', module: './report.js', run: 'benchReport' },
  { name: 'pbs', module: './pbs.js', run: 'benchPbs' },
  { name: 'quorum', module: './quorum.js', run: 'benchQuorum' },
  { name: 'twopc', module: './twopc.js', run: 'benchTwopc' },
  { name: 'redlock', module: './redlock.js', run: 'benchRedlock' },
  { name: 'shrink', module: './shrink.js', run: 'benchShrink' },
  { name: 'saga', module: './saga.js', run: 'benchSaga' },
];

const NAME_WIDTH = 32;
const VALUE_WIDTH = 14;

async function main(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  const names = argv.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}\n`);
    return 2;
  }
  const chosen = names.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => names.includes(b.name));
  const say = (line: string) => (json ? process.stderr : process.stdout).write(line + '\n');
  say(`node ${process.version}, ${process.platform}/${process.arch}`);

  for (const entry of chosen) {
    const url = new URL(entry.module, import.meta.url);
    if (!existsSync(fileURLToPath(url))) {
      say(`${entry.name.padEnd(NAME_WIDTH)} skipped: ${entry.module} is not there yet`);
      continue;
    }
    const loaded = (await import(url.href)) as Record<string, unknown>;
    const run = loaded[entry.run];
    if (typeof run !== 'function') {
      say(`${entry.name.padEnd(NAME_WIDTH)} skipped: ${entry.module} exports no ${entry.run}()`);
      continue;
    }
    const results = await (run as Benchmark)();
    if (!Array.isArray(results)) continue; // it printed its own report
    for (const result of results) {
      say(formatLine(entry.name, result));
      if (json) process.stdout.write(JSON.stringify({ benchmark: entry.name, ...result }) + '\n');
    }
  }
  return 0;
}

function formatLine(benchmark: string, r: BenchResult): string {
  const name = `${benchmark}/${r.name}`.padEnd(NAME_WIDTH);
  const value = (Number.isInteger(r.value) ? r.value.toLocaleString('en-US') : String(r.value)).padStart(VALUE_WIDTH);
  const unit = r.unit.padEnd(10);
  const verdict = r.pass ? 'ok' : 'MISSED';
  const target =
    r.target !== undefined
      ? `  target >= ${r.target.toLocaleString('en-US')} ${verdict}`
      : r.targetMax !== undefined
        ? `  target < ${r.targetMax.toLocaleString('en-US')} ${verdict}`
        : '';
  return `${name}${value} ${unit}${target}${r.detail ? `  (${r.detail})` : ''}`;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
