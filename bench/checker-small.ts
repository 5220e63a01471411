// Set (3) of the checker bench alone, cold and warm: the 120 small cas-register histories,
// each pass in a fresh process, as `faultline check` would meet them. Run: npm run build &&
// node dist/bench/main.js checker-small (docs/checkers.md, "Set (3)").
//
// A cold pass is counted honestly: process.cpuUsage counts every thread, and V8's
// optimizing compiler works on its own threads, where a compile the pass queued may still
// be running when the pass returns. So the child waits until its threads are idle and
// counts the CPU from the pass's start to then; the main thread's share is that total
// minus the other threads' (Linux: /proc/self/task/*/schedstat, read once they are idle).
// Each pass is measured with the library's defaults and with the V8 setting `faultline
// check` makes (CHECK_V8_FLAGS), and both again pinned to one core (taskset -c 0, where
// there is one), in alternation; the warm figure is the best of 30 passes in one process.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkHistory } from '../checkers/linearizability/check.js';
import { CHECK_V8_FLAGS } from '../cli/commands/check.js';
import { smallCasRegister } from './checker-histories.js';
import { median } from './common.js';

const FRESH_PROCESSES = 7;
const WARM_PASSES = 30;
/** Long enough for V8's compile jobs that a pass queued to finish. */
const SETTLE_MS = 300;

function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/** CPU time (ms) of every thread but this one, where Linux says. */
function otherThreadsMs(): number {
  const dir = '/proc/self/task';
  if (!existsSync(dir)) return 0;
  let ms = 0;
  for (const tid of readdirSync(dir)) {
    if (tid === String(process.pid)) continue;
    try {
      ms += Number(readFileSync(`${dir}/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
    } catch {
      // the thread ended
    }
  }
  return ms;
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

interface ChildFigures {
  readonly coldMs: number;
  readonly mainMs: number;
  readonly warmMs: number;
  readonly linearizable: number;
  readonly steps: number;
}

/** In the child: the first pass (cold), then the best of `passes` (warm). */
async function measureInChild(passes: number): Promise<ChildFigures> {
  const small = Array.from({ length: 120 }, (_, i) => smallCasRegister(`small-${i}`, i % 2 === 1));
  await settle(); // the generator's own compiles are not the checker's
  const c0 = cpuMs();
  const o0 = otherThreadsMs();
  const results = small.map((h) => checkHistory(h, { model: 'cas-register' }));
  await settle();
  const coldMs = cpuMs() - c0;
  const mainMs = coldMs - (otherThreadsMs() - o0);
  let warmMs = Infinity;
  for (let p = 1; p < passes; p++) {
    const w0 = cpuMs();
    small.forEach((h) => checkHistory(h, { model: 'cas-register' }));
    warmMs = Math.min(warmMs, cpuMs() - w0);
  }
  const linearizable = results.filter((r) => r.verdict === 'linearizable').length;
  return { coldMs, mainMs, warmMs, linearizable, steps: results.reduce((a, r) => a + r.steps, 0) };
}

const SELF = fileURLToPath(import.meta.url);
const PINNABLE = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

function child(v8Flags: readonly string[], pinned: boolean, passes: number): ChildFigures {
  const node = [...v8Flags, SELF, '--child', String(passes)];
  const r = pinned ? spawnSync('taskset', ['-c', '0', process.execPath, ...node], { encoding: 'utf8' }) : spawnSync(process.execPath, node, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`checker-small child failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildFigures;
}

function line(label: string, runs: readonly ChildFigures[]): string {
  const cold = runs.map((r) => r.coldMs);
  const range = `${Math.min(...cold).toFixed(1)}-${Math.max(...cold).toFixed(1)}`;
  return `    ${label.padEnd(46)} cold ${median(cold).toFixed(1)} ms (${range}), main thread ${median(runs.map((r) => r.mainMs)).toFixed(1)} ms`;
}

export async function benchCheckerSmall(): Promise<void> {
  const variants = [
    { label: 'library defaults', flags: [] as string[], pinned: false },
    { label: `faultline check (${CHECK_V8_FLAGS})`, flags: [CHECK_V8_FLAGS], pinned: false },
    ...(PINNABLE
      ? [
          { label: 'library defaults, one core', flags: [] as string[], pinned: true },
          { label: 'faultline check, one core', flags: [CHECK_V8_FLAGS], pinned: true },
        ]
      : []),
  ];
  const runs = variants.map(() => [] as ChildFigures[]);
  for (let i = 0; i < FRESH_PROCESSES; i++) variants.forEach((v, k) => (runs[k] as ChildFigures[]).push(child(v.flags, v.pinned, 1)));
  const warm = child([], false, WARM_PASSES);
  process.stdout.write(
    `(3) alone, 120 small cas-register histories: ${warm.linearizable} linearizable, ${120 - warm.linearizable} not; ${warm.steps.toLocaleString('en-US')} steps\n` +
      `  first pass in a fresh process (CPU of every thread, until its compiles end; median of ${FRESH_PROCESSES}); target <= 25 ms, warm or cold\n` +
      variants.map((v, k) => line(v.label, runs[k] as ChildFigures[])).join('\n') +
      `\n  warm: best of ${WARM_PASSES} passes ${warm.warmMs.toFixed(1)} ms (CPU)\n`,
  );
}

if (process.argv[2] === '--child') {
  const figures = await measureInChild(Number(process.argv[3]));
  process.stdout.write(JSON.stringify(figures) + '\n');
}
