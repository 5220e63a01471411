// Set (3) of the checker bench alone, cold and warm: the 120 small cas-register histories
// checked 30 times in this (fresh) process, CPU time per pass. The first pass pays the
// JIT's warm-up; the best pass is the warm figure. Run: npm run build && node
// dist/bench/main.js checker-small (docs/checkers.md, "Set (3)").
import { checkHistory } from '../checkers/linearizability/check.js';
import { smallCasRegister } from './checker-histories.js';

const PASSES = 30;

export async function benchCheckerSmall(): Promise<void> {
  const small = Array.from({ length: 120 }, (_, i) => smallCasRegister(`small-${i}`, i % 2 === 1));
  const times: number[] = [];
  let linearizable = 0;
  let steps = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    const c0 = process.cpuUsage();
    const results = small.map((h) => checkHistory(h, { model: 'cas-register' }));
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1000);
    linearizable = results.filter((r) => r.verdict === 'linearizable').length;
    steps = results.reduce((a, r) => a + r.steps, 0);
  }
  process.stdout.write(
    `(3) alone, 120 small cas-register histories: ${linearizable} linearizable, ${120 - linearizable} not; ${steps.toLocaleString('en-US')} steps\n` +
      `    first pass ${times[0]!.toFixed(1)} ms (cold JIT), best of ${PASSES} ${Math.min(...times).toFixed(1)} ms (CPU); target <= 25 ms, warm or cold\n`,
  );
}
