// Set (3) of the checker bench alone, cold and warm: the 120 small cas-register histories
// checked 30 times in this (fresh) process, CPU time per pass. The first pass pays the
// JIT's warm-up; the best pass is the warm figure. Run: npm run build && node
// dist/bench/main.js checker-small (docs/checkers.md, "Set (3)").
//
// process.cpuUsage counts every thread of the process, and in a cold pass most of that is
// V8's optimizing compiler at work on its own threads; on Linux the main thread's share
// (/proc/self/task/<pid>/schedstat) is printed beside it.
import { existsSync, readFileSync } from 'node:fs';
import { checkHistory } from '../checkers/linearizability/check.js';
import { smallCasRegister } from './checker-histories.js';

const PASSES = 30;
const MAIN_THREAD_STAT = `/proc/self/task/${process.pid}/schedstat`;

/** CPU time of the main thread in ms, or null where /proc does not say. */
function mainThreadMs(): number | null {
  if (!existsSync(MAIN_THREAD_STAT)) return null;
  return Number(readFileSync(MAIN_THREAD_STAT, 'utf8').split(' ')[0]) / 1e6;
}

export async function benchCheckerSmall(): Promise<void> {
  const small = Array.from({ length: 120 }, (_, i) => smallCasRegister(`small-${i}`, i % 2 === 1));
  const times: number[] = [];
  let firstMainMs: number | null = null;
  let linearizable = 0;
  let steps = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    const m0 = mainThreadMs();
    const c0 = process.cpuUsage();
    const results = small.map((h) => checkHistory(h, { model: 'cas-register' }));
    const c = process.cpuUsage(c0);
    const m1 = mainThreadMs();
    if (pass === 0 && m0 !== null && m1 !== null) firstMainMs = m1 - m0;
    times.push((c.user + c.system) / 1000);
    linearizable = results.filter((r) => r.verdict === 'linearizable').length;
    steps = results.reduce((a, r) => a + r.steps, 0);
  }
  const main = firstMainMs === null ? '' : `, ${firstMainMs.toFixed(1)} ms of it on the main thread`;
  process.stdout.write(
    `(3) alone, 120 small cas-register histories: ${linearizable} linearizable, ${120 - linearizable} not; ${steps.toLocaleString('en-US')} steps\n` +
      `    first pass ${times[0]!.toFixed(1)} ms (cold JIT${main}), best of ${PASSES} ${Math.min(...times).toFixed(1)} ms (CPU); target <= 25 ms, warm or cold\n`,
  );
}
