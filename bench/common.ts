// What every benchmark needs: a shipped scenario file found from the repository root
// (benchmarks run as bench/*.ts under vitest or as dist/bench/*.js), and the median.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The absolute path of `path` (relative to the repository root, e.g. scenarios/raft/x.yaml). */
export function benchScenarioFile(path: string): string {
  for (const up of ['../', '../../']) {
    const file = fileURLToPath(new URL(up + path, import.meta.url));
    if (existsSync(file)) return file;
  }
  throw new Error(`bench: cannot find ${path}`);
}

/** The CPU time `work` took, in ms: every thread of the process (V8's compiler and collector threads count). */
export function cpuMsOf(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** The median (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The seeds every protocol bench runs: three warm-up runs (the JIT compiles the hot code;
 * with two, the first measured seeds still paid for it), then ten measured seeds.
 */
export const WARMUP_SEEDS: readonly number[] = [1001, 1002, 1003];
export const MEASURED_SEEDS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
